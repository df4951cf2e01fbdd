package org.polycast.core.internal;

import java.util.concurrent.TimeUnit;

/**
 * Senders held back by a technology's flow control wait here until it reports room ({@link #signal()}). A sender reads
 * {@link #signals()} before its attempt, so that room reported between the refusal and the wait is not missed; a wait also
 * wakes every few milliseconds to try again, should a technology not report.
 */
final class SendSpace {
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private long signals;

    synchronized long signals() {
        return signals;
    }

    synchronized void signal() {
        signals++;
        notifyAll();
    }

    /**
     * Waits until a signal after {@code seen}, or a recheck interval, or the deadline ({@link System#nanoTime()}).
     *
     * @return false once the deadline has passed
     */
    synchronized boolean await(long seen, long deadline) {
        long now = System.nanoTime();
        if (now >= deadline) {
            return false;
        }
        long until = Math.min(deadline, now + RECHECK_NANOS);
        try {
            while (signals == seen && (now = System.nanoTime()) < until) {
                TimeUnit.NANOSECONDS.timedWait(this, until - now);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }
}
