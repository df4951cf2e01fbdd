package org.polycast.reload.internal.link;

import java.util.concurrent.TimeUnit;

import org.polycast.common.internal.GuardedTask;
import org.polycast.reload.internal.node.Scheduler;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

/** The node's clock and timers on the one event loop that also runs all of its links. */
public final class EventLoopScheduler implements Scheduler {
    private final EventLoop loop;
    private final GuardedTask.Failures failures;

    /** @param failures where a task that throws is counted and reported; the event loop's other work goes on */
    public EventLoopScheduler(EventLoop loop, GuardedTask.Failures failures) {
        this.loop = loop;
        this.failures = failures;
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

    private Runnable guarded(Runnable task) {
        return failures.guard(task);
    }
}
