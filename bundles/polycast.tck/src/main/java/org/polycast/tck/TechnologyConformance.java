package org.polycast.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.polycast.api.HamUri;
import org.polycast.api.spi.TechnologyInterface;

/**
 * The technology SPI contract as the Polycast core relies on it. Extend this class in your technology's tests and
 * return, from {@link #createPair}, two fresh Interfaces of your technology that reach each other (two ends of a
 * tunnel, two Interfaces on one network), or {@link Pair#single} for a technology of one Interface that delivers
 * to itself; everything else is checked here:
 * <ul>
 * <li>the Interface describes itself (technology, name, address, atomic size of at least 512, TTL 0 to 255), and the
 * service properties it is registered with agree;</li>
 * <li>{@code close} is idempotent and safe without {@code open}; re-opening fresh Interfaces leaks no threads;</li>
 * <li>mapping is deterministic across Interfaces, distinct names get distinct addresses, and an address maps to
 * itself (the inverse the core relies on to tag received data);</li>
 * <li>a joined Interface receives what the other sends, whole (up to the atomic size) and tagged with the address;
 * not before it joined another group, not after it left;</li>
 * <li>the send buffer is the caller's only during the call, and {@code send} leaves its content alone;</li>
 * <li>every call returns within {@link #callLimit()} (the core marks slower Interfaces FAILED);</li>
 * <li>an Interface that declares {@value TechnologyInterface#CONCURRENT_SEND} takes sends from several threads at once;</li>
 * <li>membership events name a type and an address.</li>
 * </ul>
 * Each test waits at most {@link #deliveryTimeout()} for a datagram and repeats sends a few times while a join takes
 * effect, so that technologies with asynchronous joins pass.
 */
public abstract class TechnologyConformance {
    /** Two Interfaces of the technology under test, not opened yet, and the service properties they would be registered with. */
    public record Pair(TechnologyInterface sender, TechnologyInterface receiver, Map<String, Object> serviceProperties) {
        /**
         * A technology of one Interface per runtime that delivers what it sends to itself (loopback, for example): the
         * kit sends and receives on the same Interface, opened once.
         */
        public static Pair single(TechnologyInterface both, Map<String, Object> serviceProperties) {
            return new Pair(both, both, serviceProperties);
        }

        /** Whether sender and receiver are one Interface. */
        public boolean isSingle() {
            return sender == receiver;
        }
    }

    private Pair pair;
    private final Random random = new Random(7046);

    /** Two fresh Interfaces that reach each other; called once per test (and repeatedly by the re-opening test). */
    protected abstract Pair createPair() throws Exception;

    /** A Group Name the technology carries; the default is in the opaque namespace. */
    protected HamUri groupName(String suffix) {
        return HamUri.parse("ham:opaque:polycast-tck-" + suffix);
    }

    /** How long a datagram may take from send to delivery. */
    protected Duration deliveryTimeout() {
        return Duration.ofSeconds(5);
    }

    /** How long one call may take; the core's default limit is two seconds. */
    protected Duration callLimit() {
        return Duration.ofMillis(1000);
    }

    @AfterEach
    void closePair() {
        if (pair != null) {
            pair.sender().close();
            if (!pair.isSingle()) {
                pair.receiver().close();
            }
            pair = null;
        }
    }

    /** Creates and opens a pair with recording contexts. */
    private RecordingContext[] open() throws Exception {
        pair = createPair();
        RecordingContext tx = new RecordingContext(1);
        RecordingContext rx = new RecordingContext(2);
        timed("open", () -> {
            pair.sender().open(tx);
            return null;
        });
        if (pair.isSingle()) {
            return new RecordingContext[] {tx, tx};
        }
        timed("open", () -> {
            pair.receiver().open(rx);
            return null;
        });
        return new RecordingContext[] {tx, rx};
    }

    private <T> T timed(String what, Callable<T> call) throws Exception {
        long start = System.nanoTime();
        T result = call.call();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis <= callLimit().toMillis(), what + " took " + millis + " ms; the core allows " + callLimit().toMillis()
                + " ms per call and marks slower Interfaces FAILED: do network work on the technology's own threads");
        return result;
    }

    private HamUri address(HamUri name) throws Exception {
        Optional<HamUri> a = timed("map", () -> pair.receiver().map(name));
        assertTrue(a.isPresent(), "the technology carries " + name + " (override groupName if it carries other namespaces)");
        return a.get();
    }

    private void send(HamUri address, byte[] payload) throws Exception {
        timed("send", () -> {
            pair.sender().send(address, ByteBuffer.wrap(payload), pair.sender().defaultTtl());
            return null;
        });
    }

    /** Sends until the receiver gets something (joins may take effect asynchronously); returns what it got first. */
    private RecordingContext.Delivery sendUntilReceived(RecordingContext rx, HamUri address, byte[] payload) throws Exception {
        long deadline = System.nanoTime() + deliveryTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            send(address, payload);
            RecordingContext.Delivery d = rx.next(Duration.ofMillis(250));
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    private static void drain(RecordingContext rx) throws InterruptedException {
        while (rx.next(Duration.ofMillis(300)) != null) {
            // copies of the repeated sends
        }
    }

    @Test
    public void describesItself() throws Exception {
        pair = createPair();
        TechnologyInterface t = pair.sender();
        assertTrue(t.technology() != null && t.technology().matches("[a-z][a-z0-9.-]*"), "technology is a lower-case name: " + t.technology());
        assertTrue(t.name() != null && !t.name().isBlank(), "the Interface has a name");
        assertNotNull(t.address(), "the Interface has an address to show");
        assertTrue(t.atomicMessageSize() >= 512, "atomic message size at least 512: " + t.atomicMessageSize());
        assertTrue(t.defaultTtl() >= 0 && t.defaultTtl() <= 255, "default TTL within 0..255");
        Object property = pair.serviceProperties().get(TechnologyInterface.TECHNOLOGY);
        assertEquals(t.technology(), property, "the service property " + TechnologyInterface.TECHNOLOGY + " equals technology()");
        Object name = pair.serviceProperties().get(TechnologyInterface.INTERFACE_NAME);
        assertTrue(name == null || name.equals(t.name()), "the service property " + TechnologyInterface.INTERFACE_NAME + " (" + name
                + ") equals name() (" + t.name() + ")");
        assertEquals(pair.sender().technology(), pair.receiver().technology());
        assertTrue(pair.isSingle() || !(pair.sender().name().equals(pair.receiver().name()) && pair.sender().address().equals(pair.receiver().address())),
                "two Interfaces are told apart by name or address");
    }

    @Test
    public void closeIsIdempotentAndSafeWithoutOpen() throws Exception {
        pair = createPair();
        timed("close without open", () -> {
            pair.sender().close();
            return null;
        });
        open();
        pair.receiver().close();
        timed("second close", () -> {
            pair.receiver().close();
            return null;
        });
    }

    @Test
    public void mappingIsDeterministicDistinctAndAnAddressMapsToItself() throws Exception {
        open();
        Map<HamUri, HamUri> seen = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            HamUri name = groupName("map-" + i);
            HamUri a = address(name);
            assertEquals(Optional.of(a), pair.sender().map(name), "both Interfaces map " + name + " alike");
            assertEquals(Optional.of(a), pair.receiver().map(name), "mapping is a function: " + name);
            assertEquals(Optional.of(a), pair.receiver().map(a), "an address maps to itself (the inverse the core relies on): " + a);
            HamUri other = seen.put(a, name);
            assertNull(other, name + " and " + other + " share " + a);
        }
    }

    @Test
    public void aJoinedInterfaceReceivesWhatTheOtherSendsWholeAndTagged() throws Exception {
        RecordingContext[] ctx = open();
        HamUri address = address(groupName("data"));
        timed("join", () -> {
            pair.receiver().join(address);
            return null;
        });
        byte[] small = {42};
        RecordingContext.Delivery first = sendUntilReceived(ctx[1], address, small);
        assertNotNull(first, "nothing arrived within " + deliveryTimeout() + " of joining " + address);
        assertEquals(address, first.address(), "delivered under the address joined");
        assertArrayEquals(small, first.payload());
        drain(ctx[1]);
        byte[] full = new byte[pair.sender().atomicMessageSize()];
        random.nextBytes(full);
        send(address, full);
        RecordingContext.Delivery big = ctx[1].next(deliveryTimeout());
        assertNotNull(big, "a datagram of the full atomic size (" + full.length + " bytes) arrived");
        assertArrayEquals(full, big.payload(), "whole and unchanged");
    }

    @Test
    public void theSendBufferIsTheCallersOnlyDuringTheCallAndKeepsItsContent() throws Exception {
        RecordingContext[] ctx = open();
        HamUri address = address(groupName("ownership"));
        pair.receiver().join(address);
        assertNotNull(sendUntilReceived(ctx[1], address, new byte[] {1}), "joined");
        drain(ctx[1]);
        byte[] application = "the application's bytes".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] original = application.clone();
        ByteBuffer buffer = ByteBuffer.wrap(application);
        timed("send", () -> {
            pair.sender().send(address, buffer, pair.sender().defaultTtl());
            return null;
        });
        assertArrayEquals(original, application, "send left the caller's bytes alone");
        java.util.Arrays.fill(application, (byte) 'x'); // the application reuses its array at once
        RecordingContext.Delivery d = ctx[1].next(deliveryTimeout());
        assertNotNull(d, "delivered");
        assertArrayEquals(original, d.payload(), "what was sent is what the caller's buffer held during the call");
    }

    @Test
    public void otherGroupsAreNotDeliveredAndNothingAfterLeave() throws Exception {
        RecordingContext[] ctx = open();
        HamUri joined = address(groupName("joined"));
        HamUri other = address(groupName("not-joined"));
        pair.receiver().join(joined);
        assertNotNull(sendUntilReceived(ctx[1], joined, new byte[] {1}), "joined");
        drain(ctx[1]);
        for (int i = 0; i < 5; i++) {
            send(other, new byte[] {2});
        }
        RecordingContext.Delivery stray = ctx[1].next(Duration.ofMillis(1000));
        assertTrue(stray == null || !stray.address().equals(other), "a group not joined is not delivered: " + stray);
        timed("leave", () -> {
            pair.receiver().leave(joined);
            return null;
        });
        Thread.sleep(300);
        drain(ctx[1]);
        for (int i = 0; i < 5; i++) {
            send(joined, new byte[] {3});
        }
        assertNull(ctx[1].next(Duration.ofMillis(1000)), "nothing arrives after leave");
    }

    @Test
    public void concurrentSendersLoseNothingWhereTheInterfaceDeclaresConcurrentSend() throws Exception {
        RecordingContext[] ctx = open();
        boolean concurrent = Boolean.TRUE.equals(pair.serviceProperties().get(TechnologyInterface.CONCURRENT_SEND))
                || "true".equals(pair.serviceProperties().get(TechnologyInterface.CONCURRENT_SEND));
        HamUri address = address(groupName("concurrent"));
        pair.receiver().join(address);
        assertNotNull(sendUntilReceived(ctx[1], address, new byte[] {0}), "joined");
        drain(ctx[1]);
        int threads = concurrent ? 4 : 1;
        int each = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            java.util.List<Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        pair.sender().send(address, ByteBuffer.wrap(new byte[] {(byte) id, (byte) i}), pair.sender().defaultTtl());
                        if (i % 10 == 9) {
                            Thread.sleep(5); // pace a little: the kit checks the contract, not the socket buffers
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        Set<Integer> got = new HashSet<>();
        RecordingContext.Delivery d;
        while (got.size() < threads * each && (d = ctx[1].next(deliveryTimeout())) != null) {
            got.add((d.payload()[0] << 8) | (d.payload()[1] & 0xff));
        }
        assertEquals(threads * each, got.size(), "every datagram of " + threads + " sending thread(s) arrived");
    }

    @Test
    public void eventsNameATypeAndAnAddress() throws Exception {
        RecordingContext[] ctx = open();
        HamUri address = address(groupName("events"));
        pair.receiver().join(address);
        sendUntilReceived(ctx[1], address, new byte[] {1});
        pair.receiver().leave(address);
        for (RecordingContext c : ctx) {
            for (RecordingContext.Event e : c.events()) {
                assertNotNull(e.type(), "an event has a type");
                assertNotNull(e.address(), "an event names an address");
            }
        }
    }

    @Test
    public void reopeningFreshInterfacesLeaksNoThreads() throws Exception {
        for (int i = 0; i < 3; i++) { // warm-up: shared pools of the technology start now
            cycle();
        }
        int before = Thread.activeCount();
        for (int i = 0; i < 20; i++) {
            cycle();
        }
        long deadline = System.nanoTime() + deliveryTimeout().toNanos();
        while (Thread.activeCount() > before + 2 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(Thread.activeCount() <= before + 2, "threads before 20 open/close cycles " + before + ", after " + Thread.activeCount());
    }

    private void cycle() throws Exception {
        RecordingContext[] ctx = open();
        HamUri address = address(groupName("cycle"));
        pair.receiver().join(address);
        send(address, new byte[] {1});
        pair.receiver().leave(address);
        closePair();
        ctx[0].clear();
    }
}
