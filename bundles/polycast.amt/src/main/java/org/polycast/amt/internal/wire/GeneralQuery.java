package org.polycast.amt.internal.wire;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * The general query a relay encapsulates in a Membership Query: IGMPv3 (RFC 3376 section 4.1) in an
 * IPv4 datagram with Router Alert to 224.0.0.1, exactly 36 octets so that the whole AMT message is
 * the 48 octets strict gateways (VLC) insist on; or MLDv2 (RFC 3810 section 5.1) in IPv6 with a
 * Hop-by-Hop Router Alert to ff02::1, 76 octets. The gateway reads the robustness variable and
 * query interval from it.
 *
 * @param robustness            QRV: how often a gateway repeats unsolicited reports
 * @param queryIntervalSeconds  from QQIC: when the gateway starts its next Request
 * @param maxResponseMillis     from the Max Resp Code
 */
public record GeneralQuery(int robustness, int queryIntervalSeconds, int maxResponseMillis) {
    private static final int IGMP_QUERY = 0x11;
    private static final int MLD_QUERY = 130;
    private static final InetAddress ALL_SYSTEMS = address(new byte[] {(byte) 224, 0, 0, 1});
    private static final InetAddress ALL_NODES = address(new byte[] {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});

    public GeneralQuery {
        if (robustness < 1 || robustness > 7) {
            throw new IllegalArgumentException("robustness must be 1 to 7, was " + robustness);
        }
        if (queryIntervalSeconds < 1 || queryIntervalSeconds > 31744) {
            throw new IllegalArgumentException("query interval must be 1 to 31744 s, was " + queryIntervalSeconds);
        }
        if (maxResponseMillis < 100 || maxResponseMillis > 3_174_400) {
            throw new IllegalArgumentException("max response time must be 100 ms to 3174.4 s, was " + maxResponseMillis);
        }
    }

    /** The IPv4 datagram with an IGMPv3 general query from {@code source}. */
    public byte[] igmpv3(Inet4Address source) {
        byte[] b = new byte[36];
        int o = IpPacket.writeIpv4Header(b, source, ALL_SYSTEMS, IpPacket.IGMP, 1, 0xc0, true, 12);
        b[o] = IGMP_QUERY;
        b[o + 1] = (byte) floatingCode(maxResponseMillis / 100);
        b[o + 8] = (byte) robustness; // S flag 0
        b[o + 9] = (byte) floatingCode(queryIntervalSeconds);
        Checksums.put16(b, o + 2, Checksums.checksum(b, o, 12));
        return b;
    }

    /** The IPv6 datagram with an MLDv2 general query from the link-local {@code source}. */
    public byte[] mldv2(Inet6Address source) {
        byte[] b = new byte[76];
        int o = IpPacket.writeIpv6Header(b, source, ALL_NODES, IpPacket.ICMPV6, 1, true, 28);
        b[o] = (byte) MLD_QUERY;
        Checksums.put16(b, o + 4, mldResponseCode(maxResponseMillis));
        b[o + 24] = (byte) robustness;
        b[o + 25] = (byte) floatingCode(queryIntervalSeconds);
        MembershipReports.icmpv6Checksum(b, o, 28);
        return b;
    }

    /** Reads a general query datagram (either family), checking its checksums. */
    public static GeneralQuery parse(byte[] datagram) throws AmtFormatException {
        IpPacket ip = IpPacket.parse(datagram, datagram.length);
        int o = ip.payloadOffset();
        int n = ip.payloadLength();
        if (ip.ipv4()) {
            if (ip.protocol() != IpPacket.IGMP || n < 12 || (datagram[o] & 0xff) != IGMP_QUERY) {
                throw new AmtFormatException("not an IGMPv3 query");
            }
            if (!Checksums.verify(datagram, o, n)) {
                throw new AmtFormatException("IGMP checksum wrong");
            }
            return fromCodes(datagram[o + 8] & 0x07, floatingValue(datagram[o + 9] & 0xff), floatingValue(datagram[o + 1] & 0xff) * 100);
        }
        if (ip.protocol() != IpPacket.ICMPV6 || n < 28 || (datagram[o] & 0xff) != MLD_QUERY) {
            throw new AmtFormatException("not an MLDv2 query");
        }
        if (!MembershipReports.icmpv6ChecksumValid(datagram, o, n)) {
            throw new AmtFormatException("ICMPv6 checksum wrong");
        }
        return fromCodes(datagram[o + 24] & 0x07, floatingValue(datagram[o + 25] & 0xff), mldResponseMillis(Checksums.get16(datagram, o + 4)));
    }

    /** RFC 3376 section 4.1.7: QRV 0 means the default 2, QQIC 0 the default 125 s. */
    private static GeneralQuery fromCodes(int qrv, int qqi, int maxResponseMillis) {
        return new GeneralQuery(qrv == 0 ? 2 : qrv, qqi == 0 ? 125 : Math.min(qqi, 31744), Math.max(100, Math.min(maxResponseMillis, 3_174_400)));
    }

    /** RFC 3376 sections 4.1.1 and 4.1.7: values under 128 as they are, larger ones as 1|exp(3)|mant(4). */
    static int floatingCode(int value) {
        if (value < 128) {
            return value;
        }
        int exp = 0;
        while (exp < 7 && (value >> (exp + 3)) > 0x1f) {
            exp++;
        }
        int mant = Math.min((value >> (exp + 3)) - 0x10, 0x0f);
        return 0x80 | exp << 4 | mant;
    }

    static int floatingValue(int code) {
        if (code < 128) {
            return code;
        }
        return ((code & 0x0f) | 0x10) << (((code >> 4) & 0x07) + 3);
    }

    /** RFC 3810 section 5.1.3: milliseconds under 32768 as they are, larger as 1|exp(3)|mant(12). */
    static int mldResponseCode(int millis) {
        if (millis < 32768) {
            return millis;
        }
        int exp = 0;
        while (exp < 7 && (millis >> (exp + 3)) > 0x1fff) {
            exp++;
        }
        return 0x8000 | exp << 12 | Math.min((millis >> (exp + 3)) - 0x1000, 0x0fff);
    }

    static int mldResponseMillis(int code) {
        if (code < 32768) {
            return code;
        }
        return ((code & 0x0fff) | 0x1000) << (((code >> 12) & 0x07) + 3);
    }

    private static InetAddress address(byte[] a) {
        try {
            return InetAddress.getByAddress(a);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
