package org.polycast.amt.internal.relay;

import java.net.InetAddress;

/** A multicast channel the relay subscribes to upstream: (S,G), or (*,G) when source is null. */
record SourceGroup(InetAddress source, InetAddress group) {
    @Override
    public String toString() {
        return "(" + (source == null ? "*" : source.getHostAddress()) + ", " + group.getHostAddress() + ")";
    }
}
