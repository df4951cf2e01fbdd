package org.polycast.core.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

import org.polycast.api.EventRegistration;
import org.polycast.api.HamUri;
import org.polycast.api.MembershipEvent;
import org.polycast.api.MembershipListener;

/**
 * Delivers membership events to registered listeners on one thread of its own, in order, so
 * that the middleware never waits for an application and a listener that throws hurts nobody.
 */
final class EventBus {
    private static final int CAPACITY = 10_000;

    private final List<MembershipListener> listeners = new CopyOnWriteArrayList<>();
    /** An event, and for events that carry a Group Address nobody here listens to, the Interface to name it on. */
    private record Pending(MembershipEvent event, ManagedInterface unnamedOn) {
    }

    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>(CAPACITY);
    private volatile java.util.function.BiFunction<HamUri, ManagedInterface, java.util.Optional<HamUri>> namer = (a, i) -> java.util.Optional.empty();
    private final AtomicLong dropped = new AtomicLong();
    private final CoreLog log;
    private final Thread thread;
    private volatile boolean closed;

    EventBus(CoreLog log) {
        this.log = log;
        this.thread = new Thread(this::run, "polycast-events");
        thread.setDaemon(true);
        thread.start();
    }

    EventRegistration register(MembershipListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    void publish(MembershipEvent event) {
        enqueue(new Pending(event, null));
    }

    /**
     * Publishes an event whose group is a Group Address no socket here listens to: on the bus thread
     * (never the technology's), a mapping service may name it (the inverse mapping); otherwise the
     * event carries the address.
     */
    void publishAddress(MembershipEvent event, ManagedInterface iface) {
        enqueue(new Pending(event, iface));
    }

    void namer(java.util.function.BiFunction<HamUri, ManagedInterface, java.util.Optional<HamUri>> n) {
        this.namer = n;
    }

    private void enqueue(Pending p) {
        if (closed || listeners.isEmpty()) {
            return;
        }
        if (!queue.offer(p) && dropped.incrementAndGet() % CAPACITY == 1) {
            // The first drop and every CAPACITY-th after it: said, not only counted (ham:stats shows the count).
            log.warn("membership events dropped: the listeners' queue of " + CAPACITY + " is full (" + dropped.get() + " dropped so far)");
        }
    }

    long dropped() {
        return dropped.get();
    }

    private void run() {
        while (!closed) {
            MembershipEvent event;
            try {
                event = named(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            for (MembershipListener l : listeners) {
                try {
                    l.onEvent(event);
                } catch (RuntimeException e) {
                    log.error("membership listener " + l + " threw on " + event, e);
                }
            }
        }
    }

    private MembershipEvent named(Pending p) {
        MembershipEvent e = p.event();
        if (p.unnamedOn() == null) {
            return e;
        }
        try {
            return namer.apply(e.groupName(), p.unnamedOn())
                    .map(name -> new MembershipEvent(e.type(), name, e.interfaceIndex(), e.source().orElse(null))).orElse(e);
        } catch (RuntimeException ex) {
            return e;
        }
    }

    void close() {
        closed = true;
        thread.interrupt();
    }
}
