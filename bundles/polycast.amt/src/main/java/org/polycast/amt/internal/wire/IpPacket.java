package org.polycast.amt.internal.wire;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * The IP layer of encapsulated datagrams: headers written for IGMP/MLD (with Router Alert) and
 * UDP, and a header parser that finds the upper-layer payload. IPv6 extension headers other than
 * Hop-by-Hop are refused, as nothing AMT carries needs them.
 */
public record IpPacket(int version, InetAddress source, InetAddress destination, int protocol, int ttl, int payloadOffset,
        int payloadLength) {

    public static final int IGMP = 2;
    public static final int UDP = 17;
    public static final int ICMPV6 = 58;
    private static final int HOP_BY_HOP = 0;
    private static final int FRAGMENT = 44;

    /** Parses the header of the datagram in {@code b[0..length)}. */
    public static IpPacket parse(byte[] b, int length) throws AmtFormatException {
        if (length < 1) {
            throw new AmtFormatException("empty IP datagram");
        }
        int version = (b[0] & 0xff) >>> 4;
        if (version == 4) {
            return parse4(b, length);
        }
        if (version == 6) {
            return parse6(b, length);
        }
        throw new AmtFormatException("IP version " + version);
    }

    private static IpPacket parse4(byte[] b, int length) throws AmtFormatException {
        if (length < 20) {
            throw new AmtFormatException("IPv4 header truncated: " + length + " octets");
        }
        int headerLength = (b[0] & 0x0f) * 4;
        int total = Checksums.get16(b, 2);
        if (headerLength < 20 || headerLength > total || total > length) {
            throw new AmtFormatException("IPv4 lengths inconsistent: header " + headerLength + ", total " + total + ", datagram " + length);
        }
        if (!Checksums.verify(b, 0, headerLength)) {
            throw new AmtFormatException("IPv4 header checksum wrong");
        }
        int fragment = Checksums.get16(b, 6);
        if ((fragment & 0x3fff) != 0) {
            throw new AmtFormatException("fragmented IPv4 datagram (offset " + (fragment & 0x1fff) * 8 + ")");
        }
        return new IpPacket(4, AmtCodec.address(b, 12, 4), AmtCodec.address(b, 16, 4), b[9] & 0xff, b[8] & 0xff, headerLength,
                total - headerLength);
    }

    private static IpPacket parse6(byte[] b, int length) throws AmtFormatException {
        if (length < 40) {
            throw new AmtFormatException("IPv6 header truncated: " + length + " octets");
        }
        int payload = Checksums.get16(b, 4);
        if (40 + payload > length) {
            throw new AmtFormatException("IPv6 payload length " + payload + " exceeds the datagram (" + length + " octets)");
        }
        int next = b[6] & 0xff;
        int offset = 40;
        int end = 40 + payload;
        if (next == HOP_BY_HOP) {
            if (offset + 8 > end) {
                throw new AmtFormatException("IPv6 hop-by-hop header truncated");
            }
            int extLength = ((b[offset + 1] & 0xff) + 1) * 8;
            if (offset + extLength > end) {
                throw new AmtFormatException("IPv6 hop-by-hop header longer than the payload");
            }
            next = b[offset] & 0xff;
            offset += extLength;
        }
        if (next == FRAGMENT) {
            throw new AmtFormatException("fragmented IPv6 datagram");
        }
        return new IpPacket(6, AmtCodec.address(b, 8, 16), AmtCodec.address(b, 24, 16), next, b[7] & 0xff, offset, end - offset);
    }

    /**
     * Writes an IPv4 header at {@code b[0..]}: 24 octets with the Router Alert option (RFC 2113) when
     * {@code routerAlert}, else 20. Returns the header length. DF set, identification 0 (RFC 6864 allows
     * it for atomic datagrams).
     */
    static int writeIpv4Header(byte[] b, Inet4Address source, InetAddress destination, int protocol, int ttl, int tos, boolean routerAlert,
            int payloadLength) {
        int header = routerAlert ? 24 : 20;
        b[0] = (byte) (0x40 | header / 4);
        b[1] = (byte) tos;
        Checksums.put16(b, 2, header + payloadLength);
        Checksums.put16(b, 4, 0);
        Checksums.put16(b, 6, 0x4000);
        b[8] = (byte) ttl;
        b[9] = (byte) protocol;
        Checksums.put16(b, 10, 0);
        System.arraycopy(source.getAddress(), 0, b, 12, 4);
        System.arraycopy(destination.getAddress(), 0, b, 16, 4);
        if (routerAlert) {
            b[20] = (byte) 0x94;
            b[21] = 4;
            b[22] = 0;
            b[23] = 0;
        }
        Checksums.put16(b, 10, Checksums.checksum(b, 0, header));
        return header;
    }

    /**
     * Writes an IPv6 header at {@code b[0..]}: 48 octets with a Hop-by-Hop header carrying Router Alert
     * value 0 (MLD, RFC 2711) when {@code routerAlert}, else 40. Returns the header length.
     */
    static int writeIpv6Header(byte[] b, InetAddress source, InetAddress destination, int nextHeader, int hopLimit, boolean routerAlert,
            int payloadLength) {
        int header = routerAlert ? 48 : 40;
        b[0] = 0x60;
        b[1] = 0;
        b[2] = 0;
        b[3] = 0;
        Checksums.put16(b, 4, header - 40 + payloadLength);
        b[6] = (byte) (routerAlert ? HOP_BY_HOP : nextHeader);
        b[7] = (byte) hopLimit;
        System.arraycopy(ipv6Bytes(source), 0, b, 8, 16);
        System.arraycopy(ipv6Bytes(destination), 0, b, 24, 16);
        if (routerAlert) {
            b[40] = (byte) nextHeader;
            b[41] = 0; // 8 octets
            b[42] = 5; // Router Alert
            b[43] = 2;
            b[44] = 0; // value 0: MLD
            b[45] = 0;
            b[46] = 1; // PadN, 0 octets of padding data
            b[47] = 0;
        }
        return header;
    }

    static byte[] ipv6Bytes(InetAddress a) {
        byte[] raw = a.getAddress();
        if (raw.length == 16) {
            return raw;
        }
        throw new IllegalArgumentException(a + " is not an IPv6 address");
    }

    public boolean ipv4() {
        return version == 4;
    }
}
