package org.polycast.core.internal;

import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reassembles fragmented messages arriving on one Interface. Bounded: at most
 * {@code maxPending} messages and {@code maxBytes} of buffers at once (the oldest are given up for
 * a new one: one forged first fragment makes the core allocate the whole declared length), each
 * kept at most {@code timeoutMillis}. Inconsistent fragments are malformed input: counted, never thrown.
 */
final class Reassembler {
    /** Identifies one message: its sender and the sender's message id. */
    record MessageKey(long senderId, int messageId) {
    }

    /** A completed message. */
    record Complete(MessageKey key, byte[] payload) {
    }

    /** What happened to a fragment. */
    interface Listener {
        void gaveUp(int count);

        void malformed(String reason);
    }

    private static final class Partial {
        final int count;
        final byte[] data;
        final BitSet received;
        final long deadline;

        Partial(int count, int total, long deadline) {
            this.count = count;
            this.data = new byte[total];
            this.received = new BitSet(count);
            this.deadline = deadline;
        }
    }

    private final Map<MessageKey, Partial> pending = new LinkedHashMap<>();
    private final int maxPending;
    private final long maxBytes;
    private long pendingBytes;
    private final long timeoutNanos;
    private final Listener listener;

    Reassembler(int maxPending, long timeoutMillis, Listener listener) {
        this(maxPending, Long.MAX_VALUE, timeoutMillis, listener);
    }

    Reassembler(int maxPending, long maxBytes, long timeoutMillis, Listener listener) {
        this.maxPending = maxPending;
        this.maxBytes = maxBytes;
        this.timeoutNanos = timeoutMillis * 1_000_000L;
        this.listener = listener;
    }

    /** Adds a fragment whose header was read; returns the message when this was its last missing piece. */
    synchronized Complete add(FragmentHeader h, ByteBuffer payload) {
        long now = System.nanoTime();
        expire(now);
        MessageKey key = new MessageKey(h.senderId(), h.messageId());
        if (h.count() == 1) {
            byte[] data = new byte[payload.remaining()];
            payload.get(data);
            if (data.length != h.totalLength()) {
                listener.malformed("single fragment of " + data.length + " bytes declares " + h.totalLength());
                return null;
            }
            return new Complete(key, data);
        }
        Partial p = pending.get(key);
        if (p == null) {
            if (h.totalLength() > maxBytes) {
                listener.gaveUp(1);
                return null;
            }
            int evicted = 0;
            for (Iterator<Partial> oldest = pending.values().iterator(); oldest.hasNext()
                    && (pending.size() >= maxPending || pendingBytes + h.totalLength() > maxBytes); ) {
                pendingBytes -= oldest.next().data.length;
                oldest.remove();
                evicted++;
            }
            if (evicted > 0) {
                listener.gaveUp(evicted);
            }
            p = new Partial(h.count(), h.totalLength(), now + timeoutNanos);
            pending.put(key, p);
            pendingBytes += p.data.length;
        } else if (p.count != h.count() || p.data.length != h.totalLength()) {
            listener.malformed("fragment " + h.index() + " disagrees with earlier fragments on count or length");
            return null;
        }
        if (p.received.get(h.index())) {
            return null; // a duplicated datagram; the first copy counts
        }
        payload.get(p.data, h.offset(), payload.remaining());
        p.received.set(h.index());
        if (p.received.cardinality() < p.count) {
            return null;
        }
        pending.remove(key);
        pendingBytes -= p.data.length;
        return new Complete(key, p.data);
    }

    private void expire(long now) {
        int expired = 0;
        for (Iterator<Partial> it = pending.values().iterator(); it.hasNext(); ) {
            Partial p = it.next();
            if (now - p.deadline > 0) {
                pendingBytes -= p.data.length;
                it.remove();
                expired++;
            } else {
                break; // insertion order is deadline order
            }
        }
        if (expired > 0) {
            listener.gaveUp(expired);
        }
    }

    synchronized int pending() {
        return pending.size();
    }

    synchronized long pendingBytes() {
        return pendingBytes;
    }
}
