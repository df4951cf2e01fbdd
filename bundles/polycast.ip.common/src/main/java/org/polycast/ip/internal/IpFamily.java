package org.polycast.ip.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

import io.netty.channel.socket.InternetProtocolFamily;

/** What differs between IPv4 and IPv6 for multicast. */
public enum IpFamily {
    /** IPv4: IGMPv3, 20-byte header, largest UDP payload 65507. */
    V4("", 20 + 8, 65507, "239.192.0.0/14", InternetProtocolFamily.IPv4),
    /** IPv6: MLDv2, 40-byte header, largest UDP payload 65527; no multicast on loopback devices. */
    V6("-v6", 40 + 8, 65527, "ff15::/96", InternetProtocolFamily.IPv6);

    private final String nameSuffix;
    private final int headerBytes;
    private final int maxPayload;
    private final String defaultDerivedRange;
    private final InternetProtocolFamily netty;

    IpFamily(String nameSuffix, int headerBytes, int maxPayload, String defaultDerivedRange, InternetProtocolFamily netty) {
        this.nameSuffix = nameSuffix;
        this.headerBytes = headerBytes;
        this.maxPayload = maxPayload;
        this.defaultDerivedRange = defaultDerivedRange;
        this.netty = netty;
    }

    public boolean matches(InetAddress a) {
        return this == V4 ? a instanceof Inet4Address : a instanceof Inet6Address;
    }

    /** The largest UDP payload of the family (the IP layer fragments what exceeds the MTU). */
    public int maxUdpPayload() {
        return maxPayload;
    }

    /** The UDP payload that fits an MTU without IP fragmentation. */
    public int atomicSize(int mtu) {
        return Math.max(512, Math.min(mtu - headerBytes, maxPayload));
    }

    /** Appended to the network interface name, so that eth0's IPv4 and IPv6 Interfaces differ ({@code eth0}, {@code eth0-v6}). */
    public String nameSuffix() {
        return nameSuffix;
    }

    public String defaultDerivedRange() {
        return defaultDerivedRange;
    }

    InternetProtocolFamily netty() {
        return netty;
    }

    public String label() {
        return this == V4 ? "IPv4" : "IPv6";
    }
}
