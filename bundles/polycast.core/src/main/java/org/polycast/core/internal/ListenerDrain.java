package org.polycast.core.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import org.polycast.api.DirectMessageListener;
import org.polycast.api.Message;
import org.polycast.api.MessageListener;

/**
 * Hands one socket's queued messages to its message listener, one at a time and in order, as a task on a pool shared by
 * every socket: at most one task per socket runs, so that a listener replaced by another (even set to null and back
 * quickly) never runs concurrently with it, and an idle socket holds no thread. A listener that blocks holds one pool
 * thread and delays its own socket only.
 */
final class ListenerDrain implements Runnable {
    private final ReceiveQueue queue;
    private final Supplier<MessageListener> listener;
    private final BiConsumer<MessageListener, Message> deliver;
    private final Executor pool;
    /** The application's executor for its listener, or null for the shared pool. */
    private volatile Executor chosen;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private static final int YIELDS_BEFORE_ENDING = 64;

    /** @param deliver calls the listener with the message and deals with what it throws */
    ListenerDrain(ReceiveQueue queue, Supplier<MessageListener> listener, BiConsumer<MessageListener, Message> deliver, Executor pool) {
        this.queue = queue;
        this.listener = listener;
        this.deliver = deliver;
        this.pool = pool;
    }

    /**
     * Runs the listener on this executor from the next task on (null: the shared pool). A task running on the previous
     * one finishes its drain there first; the flag keeps the two from overlapping.
     */
    void useExecutor(Executor executor) {
        chosen = executor;
    }

    /** Something arrived or a listener was set: makes sure a task drains the queue. Cheap when one runs already. */
    void kick() {
        if (queued() && scheduled.compareAndSet(false, true)) {
            Executor e = chosen;
            try {
                (e != null ? e : pool).execute(this);
            } catch (RejectedExecutionException rejected) {
                scheduled.set(false); // the executor is shutting down (or the core is stopping): nothing runs the listener now
            }
        }
    }

    private boolean queued() {
        MessageListener l = listener.get();
        return l != null && !(l instanceof DirectMessageListener);
    }

    @Override
    public void run() {
        do {
            drain();
            scheduled.set(false);
            // an offer between the last poll and the reset found 'scheduled' set and did not kick: look once more
        } while (queued() && queue.size() > 0 && scheduled.compareAndSet(false, true));
    }

    private void drain() {
        while (queued()) {
            Message m = queue.poll();
            for (int i = 0; m == null && i < YIELDS_BEFORE_ENDING && queued(); i++) {
                Thread.yield(); // a stream's next message is usually microseconds away: cheaper than a new task
                m = queue.poll();
            }
            if (m == null || !handTo(m)) {
                return;
            }
        }
    }

    /** Delivers to the listener there is now; if it went away meanwhile, the message goes back to the head of the queue. */
    private boolean handTo(Message m) {
        MessageListener l = listener.get();
        if (l == null) {
            queue.putBack(m);
            return false;
        }
        deliver.accept(l, m);
        return true;
    }
}
