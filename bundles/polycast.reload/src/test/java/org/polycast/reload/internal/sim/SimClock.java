package org.polycast.reload.internal.sim;

import java.util.PriorityQueue;

import org.polycast.reload.internal.node.Scheduler;

/** One virtual clock for a whole simulated overlay: tasks run in time order when the harness advances it. */
public final class SimClock implements Scheduler {
    private record Task(long at, long seq, Runnable run, boolean[] cancelled) {
    }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private long now = 1_000_000;
    private long seq;
    private long ran;

    @Override
    public long nowMillis() {
        return now;
    }

    @Override
    public Runnable schedule(Runnable task, long delayMillis) {
        boolean[] cancelled = {false};
        tasks.add(new Task(now + Math.max(0, delayMillis), seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    @Override
    public void execute(Runnable task) {
        schedule(task, 0);
    }

    /** Runs every task due within {@code millis}; fails on a runaway instead of looping forever. */
    public void advance(long millis) {
        long end = now + millis;
        long budget = 200_000_000;
        while (!tasks.isEmpty() && tasks.peek().at <= end) {
            Task t = tasks.poll();
            now = t.at;
            if (!t.cancelled[0]) {
                t.run.run();
                ran++;
                if (--budget == 0) {
                    throw new AssertionError("runaway simulation");
                }
            }
        }
        now = end;
    }

    /** Advances in steps until the condition holds; false if it did not within {@code maxMillis}. */
    public boolean advanceUntil(java.util.function.BooleanSupplier done, long stepMillis, long maxMillis) {
        for (long t = 0; t < maxMillis; t += stepMillis) {
            if (done.getAsBoolean()) {
                return true;
            }
            advance(stepMillis);
        }
        return done.getAsBoolean();
    }

    public long tasksRun() {
        return ran;
    }
}
