package org.polycast.common.internal;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * A task that cannot end its own schedule or its executor's thread. A {@code ScheduledExecutorService} (and Netty's
 * event loop) silently cancels a fixed-rate task the first time it throws, so one unexpected exception would stop a
 * rescan or an expiry timer for the life of the runtime. Wrapped here, every failure is counted and reported (the first
 * at once, later ones at most once a minute with how many there were), and the next run happens on schedule.
 */
public final class GuardedTask implements Runnable {
    static final long REPORT_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** Counts and reports the failures of one or many tasks (a component's), rate-limited together. */
    public static final class Failures {
        private final String what;
        private final BiConsumer<String, Throwable> report;
        private final LongSupplier nanoClock;
        private final LongAdder count = new LongAdder();
        private long lastReportNanos;
        private boolean reported;
        private long unreported;

        /**
         * @param what   names the task(s) in reports, for example {@code "AMT relay address rescan"}
         * @param report where failures go (a logger's warn): a message and the exception
         */
        public Failures(String what, BiConsumer<String, Throwable> report) {
            this(what, report, System::nanoTime);
        }

        Failures(String what, BiConsumer<String, Throwable> report, LongSupplier nanoClock) {
            this.what = Objects.requireNonNull(what, "what");
            this.report = Objects.requireNonNull(report, "report");
            this.nanoClock = nanoClock;
        }

        /** The task, guarded: what it throws is counted and reported here. */
        public Runnable guard(Runnable task) {
            return new GuardedTask(task, this);
        }

        /** How many runs have thrown. */
        public long count() {
            return count.sum();
        }

        private void failed(Throwable t) {
            count.increment();
            String message;
            synchronized (this) {
                long now = nanoClock.getAsLong();
                if (reported && now - lastReportNanos < REPORT_INTERVAL_NANOS) {
                    unreported++;
                    return;
                }
                message = what + " failed" + (unreported == 0 ? "" : " (and " + unreported + " more times since the last report)")
                        + "; it runs again on schedule: " + t;
                reported = true;
                lastReportNanos = now;
                unreported = 0;
            }
            try {
                report.accept(message, t);
            } catch (RuntimeException ignored) {
                // a failing logger must not end the schedule either
            }
        }
    }

    private final Runnable task;
    private final Failures failures;

    /** A task with failures of its own. */
    public GuardedTask(String what, Runnable task, BiConsumer<String, Throwable> report) {
        this(task, new Failures(what, report));
    }

    private GuardedTask(Runnable task, Failures failures) {
        this.task = Objects.requireNonNull(task, "task");
        this.failures = failures;
    }

    @Override
    public void run() {
        try {
            task.run();
        } catch (Throwable t) { // anything, or the schedule ends without a word
            failures.failed(t);
        }
    }

    /** How many runs have thrown. */
    public long failures() {
        return failures.count();
    }
}
