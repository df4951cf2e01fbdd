package org.polycast.core.internal;

import java.util.concurrent.atomic.LongAdder;

import org.polycast.api.runtime.dto.CountersDTO;

/** Contention-free traffic counters; see {@link CountersDTO} for what each counts. */
final class Counters {
    final LongAdder messagesSent = new LongAdder();
    final LongAdder bytesSent = new LongAdder();
    final LongAdder fragmentsSent = new LongAdder();
    final LongAdder messagesReceived = new LongAdder();
    final LongAdder bytesReceived = new LongAdder();
    final LongAdder fragmentsReceived = new LongAdder();
    final LongAdder sendFailures = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder malformed = new LongAdder();
    final LongAdder sendsHeldBack = new LongAdder();
    final LongAdder sendTimeouts = new LongAdder();

    void sent(int bytes) {
        messagesSent.increment();
        bytesSent.add(bytes);
    }

    void received(int bytes) {
        messagesReceived.increment();
        bytesReceived.add(bytes);
    }

    CountersDTO toDTO() {
        CountersDTO d = new CountersDTO();
        d.messagesSent = messagesSent.sum();
        d.bytesSent = bytesSent.sum();
        d.fragmentsSent = fragmentsSent.sum();
        d.messagesReceived = messagesReceived.sum();
        d.bytesReceived = bytesReceived.sum();
        d.fragmentsReceived = fragmentsReceived.sum();
        d.sendFailures = sendFailures.sum();
        d.dropped = dropped.sum();
        d.duplicates = duplicates.sum();
        d.malformed = malformed.sum();
        d.sendsHeldBack = sendsHeldBack.sum();
        d.sendTimeouts = sendTimeouts.sum();
        return d;
    }

    static CountersDTO sum(Iterable<CountersDTO> parts) {
        CountersDTO t = new CountersDTO();
        for (CountersDTO d : parts) {
            t.messagesSent += d.messagesSent;
            t.bytesSent += d.bytesSent;
            t.fragmentsSent += d.fragmentsSent;
            t.messagesReceived += d.messagesReceived;
            t.bytesReceived += d.bytesReceived;
            t.fragmentsReceived += d.fragmentsReceived;
            t.sendFailures += d.sendFailures;
            t.dropped += d.dropped;
            t.duplicates += d.duplicates;
            t.malformed += d.malformed;
            t.sendsHeldBack += d.sendsHeldBack;
            t.sendTimeouts += d.sendTimeouts;
        }
        return t;
    }
}
