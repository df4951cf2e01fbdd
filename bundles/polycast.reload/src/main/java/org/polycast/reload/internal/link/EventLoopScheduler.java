package org.polycast.reload.internal.link;

import java.util.concurrent.TimeUnit;

import org.polycast.reload.internal.node.Scheduler;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

/** The node's clock and timers on the one event loop that also runs all of its links. */
public final class EventLoopScheduler implements Scheduler {
    private final EventLoop loop;

    public EventLoopScheduler(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    public long nowMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public Runnable schedule(Runnable task, long delayMillis) {
        ScheduledFuture<?> f = loop.schedule(guarded(task), delayMillis, TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void execute(Runnable task) {
        if (loop.isShuttingDown()) {
            return;
        }
        loop.execute(guarded(task));
    }

    /** A failing task is a bug to report, not a reason to lose the event loop's other work. */
    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                System.err.println("polycast.reload: internal error: " + e);
                e.printStackTrace();
            }
        };
    }
}
