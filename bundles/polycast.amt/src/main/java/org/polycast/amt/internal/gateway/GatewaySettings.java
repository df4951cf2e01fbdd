package org.polycast.amt.internal.gateway;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import org.polycast.amt.internal.wire.AmtCodec;

/** A gateway's settings, checked and resolved. */
record GatewaySettings(String name, List<InetSocketAddress> candidates, InetAddress bindAddress, long maxBackoffMillis, boolean linuxPFlag,
        boolean defaultInterface, boolean driad, InetAddress driadResolver) {

    static final String ANYCAST_V4 = "192.52.193.1";
    static final String ANYCAST_V6 = "2001:3::1";

    GatewaySettings {
        if (name == null || !name.matches("[A-Za-z0-9_.-]{1,32}")) {
            throw new IllegalArgumentException("name must be 1 to 32 letters, digits, '_', '.' or '-', was '" + name + "'");
        }
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no relay to use");
        }
    }

    static GatewaySettings from(GatewayConfig c) {
        List<InetSocketAddress> candidates = new ArrayList<>();
        for (String r : c.relays()) {
            if (!r.isBlank()) {
                candidates.add(endpoint(r.trim()));
            }
        }
        boolean driad = c.driad() && candidates.isEmpty(); // configured relays are the operator's choice; DRIAD only replaces anycast
        if (candidates.isEmpty()) {
            String u = c.underlay().trim().toLowerCase(java.util.Locale.ROOT);
            if (!u.equals("ipv4") && !u.equals("ipv6")) {
                throw new IllegalArgumentException("underlay must be ipv4 or ipv6, was '" + c.underlay() + "'");
            }
            candidates.add(endpoint(u.equals("ipv4") ? ANYCAST_V4 : ANYCAST_V6));
        }
        InetAddress bind = null;
        if (!c.bindAddress().isBlank()) {
            bind = endpoint(c.bindAddress().trim()).getAddress();
        }
        if (c.maxBackoffSeconds() < 1) {
            throw new IllegalArgumentException("maxBackoffSeconds must be at least 1");
        }
        InetAddress resolver = c.driadResolver().isBlank() ? null : endpoint(c.driadResolver().trim()).getAddress();
        return new GatewaySettings(c.name(), candidates, bind, c.maxBackoffSeconds() * 1000L, c.linuxPFlag(), c.defaultInterface(), driad, resolver);
    }

    /** A gateway to one relay that another technology asked for: not a default Interface, no DRIAD, no bind address. */
    static GatewaySettings forRelay(String name, String relay, long maxBackoffMillis) {
        return new GatewaySettings(name, List.of(endpoint(relay)), null, maxBackoffMillis, false, false, false, null);
    }

    /** "198.18.2.1", "[2001:2::1]", "relay.example" with an optional ":port" (IPv6 literals need brackets for a port). */
    private static InetSocketAddress endpoint(String text) {
        String host = text;
        int port = AmtCodec.PORT;
        int colon = text.lastIndexOf(':');
        if (text.startsWith("[") && text.contains("]:")) {
            host = text.substring(0, text.indexOf("]:") + 1);
            port = Integer.parseInt(text.substring(text.indexOf("]:") + 2));
        } else if (colon > 0 && text.indexOf(':') == colon) {
            host = text.substring(0, colon);
            port = Integer.parseInt(text.substring(colon + 1));
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("relay '" + text + "' does not resolve");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("relay '" + text + "': " + e.getMessage());
        }
    }

    boolean ipv6Underlay() {
        return candidates.get(0).getAddress() instanceof Inet6Address;
    }
}
