package org.polycast.example.tunnel.internal;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.polycast.tck.TechnologyConformance;

/** The tunnel against the Polycast conformance kit: two ends on 127.0.0.1, each the other's peer. */
class TunnelConformanceTest extends TechnologyConformance {

    @Override
    protected Pair createPair() throws Exception {
        int a = freePort();
        int b = freePort();
        InetAddress lo = InetAddress.getLoopbackAddress();
        TunnelInterface sender = new TunnelInterface("tun-a", new InetSocketAddress(lo, a), List.of(new InetSocketAddress(lo, b)), 1400);
        TunnelInterface receiver = new TunnelInterface("tun-b", new InetSocketAddress(lo, b), List.of(new InetSocketAddress(lo, a)), 1400);
        return new Pair(sender, receiver, Collections.unmodifiableMap(Map.copyOf(TunnelComponent.properties("tun-a"))));
    }

    private static int freePort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
