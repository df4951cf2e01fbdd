package org.polycast.amt.internal.gateway;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Addresses as Polycast writes them in {@code ham:ip:} names and sender texts: IPv6 bracketed, without zone. */
final class GroupEndpointText {
    private GroupEndpointText() {
    }

    static String host(InetAddress a) {
        String text = a.getHostAddress();
        int zone = text.indexOf('%');
        if (zone >= 0) {
            text = text.substring(0, zone);
        }
        // HamUri canonicalises IPv6 literals to RFC 5952 form, as the IP technologies write them.
        return a instanceof Inet6Address ? org.polycast.api.HamUri.of("ip", "[" + text + "]").group() : text;
    }

    static String of(InetSocketAddress s) {
        return host(s.getAddress()) + ":" + s.getPort();
    }
}
