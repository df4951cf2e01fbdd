package org.polycast.bridge.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

import org.polycast.common.internal.HostPort;

/** A UDP address as an operator writes it: {@code PORT} (on 127.0.0.1), {@code HOST:PORT} or {@code [IPv6]:PORT}. */
final class UdpEndpoint {
    private UdpEndpoint() {
    }

    static InetSocketAddress parse(String text) {
        HostPort hp = HostPort.parse(text, "127.0.0.1", 0);
        try {
            return new InetSocketAddress(InetAddress.getByName(hp.host()), hp.port());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text.trim() + "': the host '" + hp.host() + "' cannot be resolved");
        }
    }

    static String text(InetSocketAddress a) {
        String h = a.getAddress().getHostAddress();
        return (h.contains(":") ? "[" + h + "]" : h) + ":" + a.getPort();
    }
}
