package org.polycast.bridge.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** A UDP address as an operator writes it: {@code PORT} (on 127.0.0.1), {@code HOST:PORT} or {@code [IPv6]:PORT}. */
final class UdpEndpoint {
    private UdpEndpoint() {
    }

    static InetSocketAddress parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("a UDP address is needed: PORT, HOST:PORT or [IPv6]:PORT");
        }
        String host = "127.0.0.1";
        String port = t;
        if (t.startsWith("[")) {
            int close = t.indexOf("]:");
            if (close < 0) {
                throw new IllegalArgumentException("'" + t + "': an IPv6 address needs its port after ']:', as in [::1]:5000");
            }
            host = t.substring(1, close);
            port = t.substring(close + 2);
        } else if (t.contains(":")) {
            int colon = t.lastIndexOf(':');
            if (t.indexOf(':') != colon) {
                throw new IllegalArgumentException("'" + t + "': write an IPv6 address in brackets, as in [::1]:5000");
            }
            host = t.substring(0, colon);
            port = t.substring(colon + 1);
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + t + "': the port '" + port + "' is not a number");
        }
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("'" + t + "': the port " + p + " is out of range (1 to 65535)");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), p);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + t + "': the host '" + host + "' cannot be resolved");
        }
    }

    static String text(InetSocketAddress a) {
        String h = a.getAddress().getHostAddress();
        return (h.contains(":") ? "[" + h + "]" : h) + ":" + a.getPort();
    }
}
