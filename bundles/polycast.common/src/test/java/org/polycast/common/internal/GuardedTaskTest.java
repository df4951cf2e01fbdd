package org.polycast.common.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class GuardedTaskTest {
    @Test
    void aFixedRateTaskThatThrowsKeepsItsSchedule() throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            AtomicInteger runs = new AtomicInteger();
            CountDownLatch fiveRuns = new CountDownLatch(5);
            List<String> reports = new ArrayList<>();
            GuardedTask task = new GuardedTask("test rescan", () -> {
                runs.incrementAndGet();
                fiveRuns.countDown();
                throw new IllegalStateException("boom");
            }, (message, e) -> {
                synchronized (reports) {
                    reports.add(message);
                }
            });
            timer.scheduleAtFixedRate(task, 0, 1, TimeUnit.MILLISECONDS);
            assertTrue(fiveRuns.await(10, TimeUnit.SECONDS), "runs on after the first failure");
            // (the latch counts down just before the throw: the count follows within a run or two)
            for (int i = 0; i < 1000 && task.failures() < 5; i++) {
                Thread.sleep(5);
            }
            assertTrue(task.failures() >= 5, "every failure counted: " + task.failures());
            synchronized (reports) {
                assertEquals(1, reports.size(), "reported once a minute at most: " + reports);
                assertTrue(reports.get(0).startsWith("test rescan failed; it runs again on schedule: java.lang.IllegalStateException: boom"),
                        reports.get(0));
            }
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void laterFailuresAreReportedAMinuteApartWithHowManyWereNotReported() {
        AtomicLong now = new AtomicLong();
        List<String> reports = new ArrayList<>();
        GuardedTask.Failures failures = new GuardedTask.Failures("expiry", (message, e) -> reports.add(message), now::get);
        Runnable task = failures.guard(() -> {
            throw new AssertionError("broken invariant");
        });
        Runnable other = failures.guard(() -> {
            throw new IllegalStateException("another task of the same component");
        });
        task.run();
        now.addAndGet(GuardedTask.REPORT_INTERVAL_NANOS / 2);
        task.run();
        other.run();
        now.addAndGet(GuardedTask.REPORT_INTERVAL_NANOS);
        task.run();
        assertEquals(4, failures.count());
        assertEquals(2, reports.size(), reports.toString());
        assertTrue(reports.get(1).startsWith("expiry failed (and 2 more times since the last report)"), reports.get(1));
    }

    @Test
    void aReportThatThrowsDoesNotEndTheSchedule() {
        AtomicInteger runs = new AtomicInteger();
        GuardedTask task = new GuardedTask("upkeep", () -> {
            runs.incrementAndGet();
            throw new RuntimeException("x");
        }, (message, e) -> {
            throw new IllegalStateException("logger gone");
        });
        task.run();
        task.run();
        assertEquals(2, runs.get());
        assertEquals(2, task.failures());
    }
}
