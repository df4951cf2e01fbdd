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
        ReceiveQueue q = new ReceiveQueue(3, Long.MAX_VALUE);
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
    void aMessagePutBackComesFirstAndWakesAWaitingReceiver() throws Exception {
        ReceiveQueue q = new ReceiveQueue(3, Long.MAX_VALUE);
        q.offer(message(1));
        q.offer(message(2));
        Message first = q.poll();
        q.putBack(first);
        assertEquals("1", q.poll().payloadAsText(), "ahead of what came after it");
        assertEquals("2", q.poll().payloadAsText());
        java.util.concurrent.CompletableFuture<Message> waiting = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return q.take(TimeUnit.SECONDS.toNanos(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        q.putBack(first);
        assertEquals("1", waiting.get(10, TimeUnit.SECONDS).payloadAsText(), "a receiver waiting already gets it");
        assertEquals(0, q.size());
        assertEquals(0, q.bytes());
    }

    @Test
    void boundedInBytesWhateverTheCount() throws Exception {
        ReceiveQueue q = new ReceiveQueue(8192, 3 * 65_507L);
        byte[] big = new byte[65_507];
        for (int i = 0; i < 3; i++) {
            assertTrue(q.offer(new Message(HamUri.of("opaque", "g"), big, 1, null)));
        }
        assertFalse(q.offer(new Message(HamUri.of("opaque", "g"), big, 1, null)), "a fourth large message exceeds the byte bound");
        assertTrue(q.offer(message(7)) == false, "so does any message while the bytes are used up");
        assertEquals(3 * 65_507L, q.bytes());
        q.poll();
        assertEquals(2 * 65_507L, q.bytes(), "taking a message frees its bytes");
        assertTrue(q.offer(message(8)));
        assertEquals(3, q.size());
    }

    @Test
    void everyMessageOfManyProducersReachesManyConsumersOnce() throws Exception {
        ReceiveQueue q = new ReceiveQueue(1 << 20, Long.MAX_VALUE);
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
        ReceiveQueue q = new ReceiveQueue(10, Long.MAX_VALUE);
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
