package org.polycast.shell.internal;

import java.io.PrintStream;

/**
 * A progress line for a long-running command, at most once per period: how far it is and its rate since the start
 * ("ham:send progress: 1200 of 5000 messages in 5.0 s, 240 msg/s"), so that an operator sees a long send or listen move.
 */
final class Progress {
    /** How often a long-running command reports. */
    static final long PERIOD_NANOS = 5_000_000_000L;

    private final String command;
    private final long total;
    private final PrintStream out;
    private final long started = System.nanoTime();
    private long nextAt = started + PERIOD_NANOS;

    Progress(String command, long total, PrintStream out) {
        this.command = command;
        this.total = total;
        this.out = out;
    }

    /** Reports {@code done} if a period has passed since the last report. */
    void at(long done) {
        long now = System.nanoTime();
        if (total > 1 && now >= nextAt) {
            nextAt = now + PERIOD_NANOS;
            long millis = Math.max(1, (now - started) / 1_000_000);
            out.println(command + " progress: " + done + " of " + total + " messages in " + String.format(java.util.Locale.ROOT, "%.1f", millis / 1000.0)
                    + " s, " + done * 1000 / millis + " msg/s");
        }
    }
}
