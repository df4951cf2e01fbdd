package org.polycast.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class GuardTest {
    @Test
    void closingFailsTheCallsStillQueuedAtOnceInsteadOfLeavingTheirCallersToTimeOut() throws Exception {
        Guard g = new Guard("guard-test", 16);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Object> busy = g.submit("slow close", () -> {
            running.countDown();
            release.await();
            return "closed";
        });
        assertTrue(running.await(5, TimeUnit.SECONDS));
        CompletableFuture<Object> queued = g.submit("map", () -> "mapped");
        g.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> queued.get(1, TimeUnit.SECONDS), "failed, not left waiting");
        assertEquals("interface closed", e.getCause().getMessage());
        release.countDown();
        // the call that was running is interrupted by the close (or, had it ignored that, would end when it returns)
        ExecutionException interrupted = assertThrows(ExecutionException.class, () -> busy.get(5, TimeUnit.SECONDS));
        assertTrue(interrupted.getCause() instanceof InterruptedException, interrupted::toString);
        assertTrue(g.submit("late", () -> 1).isCompletedExceptionally(), "nothing is queued after close");
    }
}
