package org.polycast.core.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

import org.polycast.api.EventRegistration;
import org.polycast.api.MembershipEvent;
import org.polycast.api.MembershipListener;

/**
 * Delivers membership events to registered listeners on one thread of its own, in order, so
 * that the middleware never waits for an application and a listener that throws hurts nobody.
 */
final class EventBus {
    private static final int CAPACITY = 10_000;

    private final List<MembershipListener> listeners = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<MembershipEvent> queue = new LinkedBlockingQueue<>(CAPACITY);
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
        if (closed || listeners.isEmpty()) {
            return;
        }
        if (!queue.offer(event)) {
            dropped.incrementAndGet();
        }
    }

    long dropped() {
        return dropped.get();
    }

    private void run() {
        while (!closed) {
            MembershipEvent event;
            try {
                event = queue.take();
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

    void close() {
        closed = true;
        thread.interrupt();
    }
}
