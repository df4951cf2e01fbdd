package org.polycast.tck;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.polycast.api.HamUri;
import org.polycast.api.MembershipEventType;
import org.polycast.api.spi.InterfaceContext;

/** The core's side of an Interface as the kit plays it: records deliveries, events and malformed input. */
public final class RecordingContext implements InterfaceContext {
    /** One delivered datagram: the address, a copy of the bytes, the source. */
    public record Delivery(HamUri address, byte[] payload, String source, String thread) {
    }

    /** One membership event. */
    public record Event(MembershipEventType type, HamUri address, String source) {
    }

    private final int index;
    private final LinkedBlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    private final List<Event> events = new ArrayList<>();
    private final AtomicInteger malformed = new AtomicInteger();
    private final AtomicInteger sendBufferAvailable = new AtomicInteger();
    private final AtomicInteger sizeChanges = new AtomicInteger();

    public RecordingContext(int index) {
        this.index = index;
    }

    @Override
    public int interfaceIndex() {
        return index;
    }

    @Override
    public void deliver(HamUri address, ByteBuffer payload, String source) {
        // Copied during the call, as the core does: the technology may reuse the buffer afterwards.
        byte[] copy = new byte[payload.remaining()];
        payload.duplicate().get(copy);
        deliveries.add(new Delivery(address, copy, source, Thread.currentThread().getName()));
    }

    @Override
    public synchronized void membershipEvent(MembershipEventType type, HamUri address, String source) {
        events.add(new Event(type, address, source));
    }

    @Override
    public void atomicMessageSizeChanged() {
        sizeChanges.incrementAndGet();
    }

    @Override
    public void malformed(String reason) {
        malformed.incrementAndGet();
    }

    @Override
    public void sendBufferAvailable() {
        sendBufferAvailable.incrementAndGet();
    }

    /** The next delivery within the time, or null. */
    public Delivery next(Duration within) throws InterruptedException {
        return deliveries.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    public int malformedCount() {
        return malformed.get();
    }

    public void clear() {
        deliveries.clear();
    }
}
