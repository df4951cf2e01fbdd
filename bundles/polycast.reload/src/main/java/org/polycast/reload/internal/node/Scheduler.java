package org.polycast.reload.internal.node;

/**
 * The node's clock and timer. Every task runs on the node's one thread (a Netty event loop, or the
 * simulation's virtual clock), so node state needs no locks.
 */
public interface Scheduler {
    long nowMillis();

    /** Runs the task after {@code delayMillis}; the returned handle cancels it. */
    Runnable schedule(Runnable task, long delayMillis);

    /** Runs the task on the node's thread as soon as possible. */
    void execute(Runnable task);
}
