package org.polycast.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.polycast.api.HamUri;
import org.polycast.api.HamUriSyntaxException;
import org.polycast.api.Message;
import org.polycast.api.MessageTooLargeException;
import org.polycast.api.MulticastSocket;
import org.polycast.api.SocketClosedException;

/** The plain-Java entry point, on this module's test class path (no framework of the test's own). */
class PolycastTest {
    private static final HamUri HELLO = HamUri.parse("ham:opaque:hello");

    @Test
    void aPlainProgramJoinsSendsAndReceivesItsOwnMessageOverLoopback() throws Exception {
        long started = System.nanoTime();
        try (Polycast polycast = Polycast.builder().configure("org.polycast.loopback", Map.of("atomicMessageSize", 1200)).start()) {
            System.out.println("embedded start-up: " + (System.nanoTime() - started) / 1_000_000 + " ms");
            try (MulticastSocket socket = polycast.service().createSocket()) {
                socket.join(HELLO);
                socket.send(HELLO, new byte[5000]); // fragmented at the configured 1,200 octets, reassembled
                Message m = socket.receive(Duration.ofSeconds(10)).orElseThrow();
                assertEquals(5000, m.payload().length);
                assertEquals(1200, polycast.runtime().getRuntimeDTO().interfaces[0].atomicMessageSize, "the configuration applied");
            }
            assertEquals(0, polycast.runtime().getRuntimeDTO().sockets.length, "the closed socket is gone");
        }
    }

    @Test
    void badInputGetsPreciseErrors() throws Exception {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Polycast.builder().technologies("carrier-pigeon"));
        assertTrue(unknown.getMessage().contains("carrier-pigeon") && unknown.getMessage().contains("loopback"), unknown.getMessage());
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> Polycast.builder().technologies("amt").start());
        assertTrue(missing.getMessage().contains("polycast.amt"), missing.getMessage());
        try (Polycast polycast = Polycast.builder().start()) {
            MulticastSocket socket = polycast.service().createSocket();
            assertThrows(HamUriSyntaxException.class, () -> socket.join(HamUri.parse("ham:")));
            MessageTooLargeException big = assertThrows(MessageTooLargeException.class, () -> socket.send(HELLO, new byte[polycast.service().getMaxMsgSize() + 1]));
            assertTrue(big.getMessage().contains(Integer.toString(polycast.service().getMaxMsgSize())), big.getMessage());
            socket.close();
            assertThrows(SocketClosedException.class, () -> socket.send(HELLO, new byte[1]));
        }
    }

    @Test
    void theRuntimesWarningsAndErrorsReachThePlatformLogger() throws Exception {
        java.util.List<java.util.logging.LogRecord> records = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        java.util.concurrent.CountDownLatch named = new java.util.concurrent.CountDownLatch(1);
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                records.add(r);
                if (namesTheBadSize(r)) {
                    named.countDown();
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.addHandler(capture);
        // A configuration the loopback technology refuses: its component fails to activate, and the log says why.
        try (Polycast polycast = Polycast.builder().configure("org.polycast.loopback", Map.of("atomicMessageSize", 100)).start()) {
            named.await(10, java.util.concurrent.TimeUnit.SECONDS); // the Log Service hands entries on asynchronously
        } finally {
            root.removeHandler(capture);
        }
        java.util.logging.LogRecord r = records.stream().filter(PolycastTest::namesTheBadSize).findFirst()
                .orElseThrow(() -> new AssertionError("no platform log record names the refused size: " + records.stream().map(x -> x.getLoggerName() + " "
                        + x.getMessage()).toList()));
        assertEquals(java.util.logging.Level.SEVERE, r.getLevel(), "an error");
        assertTrue(records.stream().noneMatch(x -> x.getLevel().intValue() < java.util.logging.Level.WARNING.intValue()), "nothing below WARN");
    }

    private static boolean namesTheBadSize(java.util.logging.LogRecord r) {
        String text = r.getMessage() + (r.getThrown() == null ? "" : " " + r.getThrown());
        return text.contains("atomicMessageSize must be 512");
    }
}
