package org.polycast.amt.internal;

import java.util.PriorityQueue;

/** Virtual time for the protocol engines: tasks run when the test advances the clock, in time order. */
public final class VirtualScheduler {
    private record Task(long at, long seq, Runnable run, boolean[] cancelled) {
    }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private long now;
    private long seq;

    public long now() {
        return now;
    }

    /** Schedules a task; the returned runnable cancels it. */
    public Runnable schedule(Runnable r, long delayMillis) {
        boolean[] cancelled = {false};
        tasks.add(new Task(now + delayMillis, seq++, r, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Runs every task due within the next {@code millis}, moving the clock; bounded so that a runaway loop fails. */
    public void advance(long millis) {
        long end = now + millis;
        int ran = 0;
        while (!tasks.isEmpty() && tasks.peek().at <= end) {
            Task t = tasks.poll();
            now = t.at;
            if (!t.cancelled[0]) {
                t.run.run();
                if (++ran > 1_000_000) {
                    throw new AssertionError("runaway scheduling");
                }
            }
        }
        now = end;
    }
}
