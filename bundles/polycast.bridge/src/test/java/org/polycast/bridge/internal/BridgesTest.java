package org.polycast.bridge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.polycast.api.HamUri;
import org.polycast.embedded.Polycast;

/** UDP in, through the real core (loopback technology), UDP out, in this JVM on 127.0.0.1. */
class BridgesTest {
    private static final HamUri TV = HamUri.parse("ham:opaque:tv");

    @Test
    void datagramsToTheInboundPortComeOutOfTheOutboundOneInOrderAndCounted() throws Exception {
        try (Polycast polycast = Polycast.builder().start(); DatagramChannel receiver = DatagramChannel.open(); DatagramChannel sender = DatagramChannel.open()) {
            Bridges bridges = new Bridges(polycast.service());
            receiver.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20); // the test reads after sending everything
            receiver.bind(new InetSocketAddress("127.0.0.1", 0));
            receiver.socket().setSoTimeout(5000);
            int out = ((InetSocketAddress) receiver.getLocalAddress()).getPort();
            bridges.bridge("out", TV.toString(), String.valueOf(out));
            DatagramChannel probe = DatagramChannel.open();
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            int in = ((InetSocketAddress) probe.getLocalAddress()).getPort();
            probe.close(); // a port that was free a moment ago
            BridgeStatus started = (BridgeStatus) bridges.bridge("in", "127.0.0.1:" + in, TV.toString());
            assertEquals("in-" + in, started.name());
            int count = 500;
            for (int i = 0; i < count; i++) {
                byte[] d = new byte[1316];
                ByteBuffer.wrap(d).putInt(i);
                sender.send(ByteBuffer.wrap(d), new InetSocketAddress("127.0.0.1", in));
                if (i % 50 == 49) {
                    Thread.sleep(5); // paced like a stream, so that the test's own receive buffer is not what drops
                }
            }
            for (int i = 0; i < count; i++) {
                try {
                    java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[2000], 2000);
                    receiver.socket().receive(p);
                    assertEquals(1316, p.getLength());
                    assertEquals(i, ByteBuffer.wrap(p.getData()).getInt(), "in order, none lost");
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("datagram " + i + " of " + count + " did not arrive; bridges: " + bridges.list());
                }
            }
            List<BridgeStatus> all = bridges.list();
            assertEquals(2, all.size());
            assertTrue(all.stream().allMatch(s -> s.datagrams() == count && s.bytes() == 1316L * count && s.failed() == 0), all::toString);
            assertThrows(IllegalArgumentException.class, () -> bridges.bridge("in", String.valueOf(in), TV.toString()), "a name in use");
            bridges.bridge("stop", "in-" + in);
            bridges.close();
            assertEquals(List.of(), bridges.list());
            assertEquals(0, polycast.runtime().getRuntimeDTO().sockets.length, "the bridges' sockets are closed");
        }
    }

    @Test
    void badAddressesAndCommandsAreExplained() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> UdpEndpoint.parse("99999")).getMessage().contains("out of range (1 to 65535)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> UdpEndpoint.parse("host:port")).getMessage().contains("'port' is not a number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> UdpEndpoint.parse("::1:5000")).getMessage().contains("in brackets"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> UdpEndpoint.parse("no.such.host.invalid:5000")).getMessage().contains("cannot be resolved"));
        assertEquals(new InetSocketAddress("127.0.0.1", 5000), UdpEndpoint.parse("5000"));
        assertEquals(new InetSocketAddress("::1", 5000), UdpEndpoint.parse("[::1]:5000"));
        Bridges bridges = new Bridges(null);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> bridges.bridge("sideways", "1", "2")).getMessage().contains("use in, out or stop"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> bridges.bridge("in", "5000")).getMessage().contains("usage: ham:bridge in"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> bridges.bridge("stop", "nope")).getMessage().contains("no bridge named nope"));
    }
}
