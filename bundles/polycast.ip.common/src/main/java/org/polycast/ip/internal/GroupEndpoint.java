package org.polycast.ip.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.polycast.api.HamUri;

/** A Group Address on the wire: group, port, and for SSM the source. */
public record GroupEndpoint(InetAddress group, int port, InetAddress source) {

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(group, port);
    }

    public boolean sourceSpecific() {
        return source != null;
    }

    /** This endpoint as a {@code ham:ip:} Group Address. */
    public HamUri toUri() {
        return HamUri.parse("ham:ip:" + literal(group) + (source != null ? "@" + literal(source) : "") + ":" + port);
    }

    /** Same group and port, with another source (or none). */
    public GroupEndpoint withSource(InetAddress s) {
        return new GroupEndpoint(group, port, s);
    }

    /** The address as a {@code ham:ip:} host: dotted IPv4, or bracketed IPv6 in RFC 5952 form without zone. */
    static String literal(InetAddress a) {
        String text = a.getHostAddress();
        int zone = text.indexOf('%');
        if (zone >= 0) {
            text = text.substring(0, zone);
        }
        return a instanceof Inet6Address ? HamUri.of("ip", "[" + text + "]").group() : text;
    }
}
