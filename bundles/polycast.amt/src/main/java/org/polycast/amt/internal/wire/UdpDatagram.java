package org.polycast.amt.internal.wire;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * A UDP datagram inside an IP multicast datagram, the content of AMT Multicast Data. The relay
 * receives native datagrams through ordinary sockets, which give payload and addresses but not
 * headers, so it rebuilds IPv4/UDP or IPv6/UDP headers with valid checksums (as amtrelayd's
 * non-root mode does); the gateway parses them back.
 *
 * @param payloadOffset where the UDP payload starts in the datagram the record was parsed from
 */
public record UdpDatagram(InetAddress source, int sourcePort, InetAddress group, int port, int payloadOffset, int payloadLength) {
    private static final int UDP_HEADER = 8;
    /** Hop limit of rebuilt datagrams: they already crossed the relay's link, and a gateway may re-emit them. */
    public static final int INNER_TTL = 64;

    /** The largest payload that fits one IPv4 or IPv6 UDP datagram inside one AMT message over IPv4 UDP. */
    public static int maxPayload(InetAddress group) {
        return 65535 - 20 - 8 - 2 - (group instanceof Inet4Address ? 20 : 40) - UDP_HEADER;
    }

    /** Builds the complete IP datagram: header, UDP header with checksum, payload. */
    public static byte[] build(InetAddress source, int sourcePort, InetAddress group, int port, byte[] payload, int offset, int length) {
        boolean v4 = group instanceof Inet4Address;
        if (v4 != (source instanceof Inet4Address)) {
            throw new IllegalArgumentException("source " + source + " and group " + group + " differ in family");
        }
        int udpLength = UDP_HEADER + length;
        byte[] b = new byte[(v4 ? 20 : 40) + udpLength];
        int o = v4 ? IpPacket.writeIpv4Header(b, (Inet4Address) source, group, IpPacket.UDP, INNER_TTL, 0, false, udpLength)
                : IpPacket.writeIpv6Header(b, source, group, IpPacket.UDP, INNER_TTL, false, udpLength);
        Checksums.put16(b, o, sourcePort);
        Checksums.put16(b, o + 2, port);
        Checksums.put16(b, o + 4, udpLength);
        System.arraycopy(payload, offset, b, o + UDP_HEADER, length);
        int pseudo = Checksums.pseudoHeaderSum(source.getAddress(), group.getAddress(), udpLength, IpPacket.UDP);
        int sum = ~Checksums.sum(b, o, udpLength, pseudo) & 0xffff;
        Checksums.put16(b, o + 6, sum == 0 ? 0xffff : sum); // 0 means "no checksum" in UDP
        return b;
    }

    /** Parses a datagram of Multicast Data; refuses non-UDP, fragmented and non-multicast ones and inconsistent lengths. */
    public static UdpDatagram parse(byte[] datagram) throws AmtFormatException {
        IpPacket ip = IpPacket.parse(datagram, datagram.length);
        if (ip.protocol() != IpPacket.UDP) {
            throw new AmtFormatException("IP protocol " + ip.protocol() + " in Multicast Data, expected UDP (17)");
        }
        if (!ip.destination().isMulticastAddress()) {
            throw new AmtFormatException("Multicast Data to the unicast address " + ip.destination().getHostAddress());
        }
        int o = ip.payloadOffset();
        if (ip.payloadLength() < UDP_HEADER) {
            throw new AmtFormatException("UDP header truncated");
        }
        int udpLength = Checksums.get16(datagram, o + 4);
        if (udpLength < UDP_HEADER || udpLength > ip.payloadLength()) {
            throw new AmtFormatException("UDP length " + udpLength + " does not fit the IP payload of " + ip.payloadLength() + " octets");
        }
        return new UdpDatagram(ip.source(), Checksums.get16(datagram, o), ip.destination(), Checksums.get16(datagram, o + 2), o + UDP_HEADER,
                udpLength - UDP_HEADER);
    }
}
