package org.polycast.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.polycast.api.HamUri;
import org.polycast.api.MembershipEvent;
import org.polycast.api.MembershipEventType;

class EventBusTest {
    @Test
    void eventsDroppedForASlowListenerAreCountedLoggedAndShownInTheRuntimeSnapshot() throws Exception {
        List<String> warnings = new ArrayList<>();
        CoreLog log = new CoreLog() {
            @Override
            public void info(String message) {
            }

            @Override
            public synchronized void warn(String message) {
                warnings.add(message);
            }

            @Override
            public void error(String message, Throwable cause) {
            }
        };
        EventBus bus = new EventBus(log);
        CountDownLatch release = new CountDownLatch(1);
        try {
            bus.register(e -> {
                try {
                    release.await(10, TimeUnit.SECONDS); // a listener that does not keep up
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            });
            MembershipEvent event = new MembershipEvent(MembershipEventType.JOIN, HamUri.parse("ham:opaque:busy"), 1, null);
            for (int i = 0; i < 10_000 + 500; i++) {
                bus.publish(event);
            }
            assertTrue(bus.dropped() >= 499 && bus.dropped() <= 500, "the events beyond the queue's 10,000: " + bus.dropped());
            synchronized (log) {
                assertEquals(1, warnings.size(), warnings.toString());
                assertTrue(warnings.get(0).contains("membership events dropped"), warnings.get(0));
            }
        } finally {
            release.countDown();
            bus.close();
        }
        Middleware mw = new Middleware(Settings.defaults(), CoreLog.SILENT);
        try {
            assertEquals(0, mw.getRuntimeDTO().membershipEventsDropped, "in the runtime snapshot, zero while nothing was dropped");
        } finally {
            mw.close();
        }
    }
}
