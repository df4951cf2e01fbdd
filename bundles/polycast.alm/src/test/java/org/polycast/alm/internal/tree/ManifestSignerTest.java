package org.polycast.alm.internal.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.polycast.alm.internal.wire.DataRecord;
import org.polycast.api.overlay.OverlayService;

/** The source's manifests on close: the tail is signed at once, also when a signature was in progress as the close began. */
class ManifestSignerTest {
    private static final String GROUP = "00112233445566778899aabbccddeeff00112233";
    private static final byte[] SELF = new byte[16];

    /** The ALM thread is the test's: tasks run at once, timers only when the test moves the clock. */
    private static final class ManualClock implements ScribeTrees.Clock {
        long now = 1_000_000;
        final List<long[]> timers = new ArrayList<>();

        @Override
        public long nowMillis() {
            return now;
        }

        @Override
        public Runnable schedule(Runnable task, long delayMillis) {
            timers.add(new long[] {now + delayMillis});
            return () -> { };
        }

        @Override
        public void execute(Runnable task) {
            task.run();
        }
    }

    private static OverlayService overlay() {
        return (OverlayService) Proxy.newProxyInstance(ManifestSignerTest.class.getClassLoader(), new Class<?>[] {OverlayService.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "sign" -> new byte[256];
                    case "certificate" -> new byte[32];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static byte[] data(long sequence) {
        byte[] payload = ("m" + sequence).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return DataRecord.data(SELF, sequence, payload, 0, payload.length);
    }

    @Test
    void aSignatureInProgressAtCloseDoesNotLeaveTheTailWaitingForTheInterval() {
        ManualClock clock = new ManualClock();
        ArrayDeque<Runnable> signing = new ArrayDeque<>();
        List<byte[]> manifests = new ArrayList<>();
        // A long interval stands for one stretched by slow signatures on a loaded machine (BUDGET times the last one).
        ManifestSigner signer = new ManifestSigner(GROUP, SELF, overlay(), clock, signing::add, 5_000, new TreeCounters(c -> { }),
                (group, manifest) -> manifests.add(manifest));
        signer.sent(data(1)); // signed at once: the first run
        assertEquals(1, signing.size());
        signer.sent(data(2)); // the tail, noted while the first signature is in progress
        signer.flush(); // the Interface closes now
        signing.poll().run(); // the first signature is done
        assertEquals(1, manifests.size());
        assertFalse(signer.idle(), "the tail is being signed");
        assertEquals(1, signing.size(), "the tail's signature started at once, without waiting out the 5 s interval");
        signing.poll().run();
        assertEquals(2, manifests.size());
        assertTrue(signer.idle(), "every message noted is in a manifest, and the clock never moved");
        assertEquals(1_000_000, clock.now);
    }
}
