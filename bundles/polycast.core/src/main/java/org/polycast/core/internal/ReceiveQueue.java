package org.polycast.core.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.polycast.api.Message;

/**
 * A socket's receive queue, bounded in messages and in payload bytes (a flood of 64 KiB datagrams
 * must not hold hundreds of MiB behind a slow reader). Producers (technology threads) never block and take no lock;
 * a consumer is woken only when it is actually parked, which saves a lock and a signal per
 * message compared with a {@code BlockingQueue}.
 */
final class ReceiveQueue {
    private final ConcurrentLinkedDeque<Message> items = new ConcurrentLinkedDeque<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;
    private final AtomicLong bytes = new AtomicLong();
    private final long capacityBytes;
    private final Set<Thread> waiting = ConcurrentHashMap.newKeySet();
    /** Parked consumers; producers look at the set only when this is not zero. */
    private final AtomicInteger parked = new AtomicInteger();
    /** Before parking, a consumer yields this often to catch a burst without a wake-up. */
    private static final int YIELDS_BEFORE_PARK = 64;
    private volatile boolean closed;

    ReceiveQueue(int capacity, long capacityBytes) {
        this.capacity = capacity;
        this.capacityBytes = capacityBytes;
    }

    /** Adds a message; false if the queue is full (in messages or bytes) or closed. */
    boolean offer(Message m) {
        int length = m.payload().length;
        if (closed || size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            return false;
        }
        if (bytes.addAndGet(length) > capacityBytes) {
            bytes.addAndGet(-length);
            size.decrementAndGet();
            return false;
        }
        items.offer(m);
        wakeWaiters();
        return true;
    }

    /**
     * Puts a message taken a moment ago back at the head, ahead of everything else: a listener's delivery task took it
     * just as the listener was removed, and a receive() caller gets it instead, in order. Never refused (unless closed):
     * its room was in the queue a moment ago.
     */
    void putBack(Message m) {
        if (closed) {
            return;
        }
        size.incrementAndGet();
        bytes.addAndGet(m.payload().length);
        items.offerFirst(m);
        wakeWaiters();
    }

    private void wakeWaiters() {
        if (parked.get() != 0) {
            for (Thread t : waiting) {
                LockSupport.unpark(t);
            }
        }
    }

    /** The next message, or null if none is there now. */
    Message poll() {
        Message m = items.poll();
        if (m != null) {
            size.decrementAndGet();
            bytes.addAndGet(-m.payload().length);
        }
        return m;
    }

    /**
     * Waits up to {@code nanos} (forever if negative) for a message.
     *
     * @return the message, or null on time-out or when the queue is closed (see {@link #isClosed()})
     */
    Message take(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        Thread self = Thread.currentThread();
        while (true) {
            Message m = poll();
            if (m != null || closed) {
                return m;
            }
            long left = deadline - System.nanoTime();
            if (nanos >= 0 && left <= 0) {
                return null;
            }
            for (int i = 0; i < YIELDS_BEFORE_PARK && items.isEmpty() && !closed; i++) {
                Thread.yield(); // gives the CPU to the producers rather than spinning against them
            }
            if (!items.isEmpty()) {
                continue;
            }
            waiting.add(self);
            parked.incrementAndGet();
            try {
                m = poll(); // re-check after announcing, so that no offer can slip between check and park
                if (m != null || closed) {
                    return m;
                }
                if (nanos < 0) {
                    LockSupport.park(this);
                } else {
                    LockSupport.parkNanos(this, left);
                }
            } finally {
                parked.decrementAndGet();
                waiting.remove(self);
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    int size() {
        return Math.max(0, size.get());
    }

    /** Payload bytes waiting. */
    long bytes() {
        return Math.max(0, bytes.get());
    }

    boolean isClosed() {
        return closed;
    }

    /** Drops every message and wakes every waiter; later offers are refused. */
    void close() {
        closed = true;
        items.clear();
        size.set(0);
        bytes.set(0);
        for (Thread t : waiting) {
            LockSupport.unpark(t);
        }
    }
}
