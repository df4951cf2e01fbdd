package org.polycast.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.polycast.api.HamUri;
import org.polycast.api.Message;

class ReceiveQueueTest {
    private static Message message(int i) {
        return new Message(HamUri.of("opaque", "g"), Integer.toString(i).getBytes(), 1, null);
    }

    @Test
    void boundedAndOrderedForOneProducer() throws Exception {
        ReceiveQueue q = new ReceiveQueue(3);
        for (int i = 0; i < 3; i++) {
            assertTrue(q.offer(message(i)));
        }
        assertFalse(q.offer(message(3)), "full");
        assertEquals(3, q.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(Integer.toString(i), q.take(0).payloadAsText());
        }
        assertNull(q.take(TimeUnit.MILLISECONDS.toNanos(10)), "times out when empty");
    }

    @Test
    void everyMessageOfManyProducersReachesManyConsumersOnce() throws Exception {
        ReceiveQueue q = new ReceiveQueue(1 << 20);
        int producers = 4;
        int perProducer = 50_000;
        ConcurrentHashMap<String, Boolean> seen = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            threads.add(new Thread(() -> {
                try {
                    for (Message m; (m = q.take(TimeUnit.SECONDS.toNanos(5))) != null; ) {
                        assertNull(seen.put(m.payloadAsText(), Boolean.TRUE), "delivered twice");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (int p = 0; p < producers; p++) {
            int base = p * perProducer;
            threads.add(new Thread(() -> {
                for (int i = 0; i < perProducer; i++) {
                    assertTrue(q.offer(message(base + i)));
                }
            }));
        }
        threads.forEach(Thread::start);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (seen.size() < producers * perProducer && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(producers * perProducer, seen.size());
        q.close();
        for (Thread t : threads) {
            t.join(10_000);
            assertFalse(t.isAlive());
        }
    }

    @Test
    void closeWakesABlockedConsumerAndRefusesOffers() throws Exception {
        ReceiveQueue q = new ReceiveQueue(10);
        Thread waiter = new Thread(() -> {
            try {
                assertNull(q.take(-1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (waiter.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // until the consumer has parked, so that close() must wake it
        }
        q.close();
        waiter.join(5000);
        assertFalse(waiter.isAlive(), "close woke the consumer");
        assertTrue(q.isClosed());
        assertFalse(q.offer(message(1)));
    }
}
