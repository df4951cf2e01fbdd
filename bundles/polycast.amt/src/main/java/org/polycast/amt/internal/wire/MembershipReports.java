package org.polycast.amt.internal.wire;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The membership reports a gateway encapsulates in Membership Updates: IGMPv3 reports (RFC 3376
 * section 4.2) in IPv4 to 224.0.0.22, MLDv2 reports (RFC 3810 section 5.2) in IPv6 to ff02::16,
 * both with TTL 1 and Router Alert; and their parsing on the relay, which also accepts IGMPv1/v2
 * reports and leaves and MLDv1 reports and dones (RFC 7450 section 5.3.4), read as records.
 */
public final class MembershipReports {
    private static final int IGMPV3_REPORT = 0x22;
    private static final int IGMPV1_REPORT = 0x12;
    private static final int IGMPV2_REPORT = 0x16;
    private static final int IGMPV2_LEAVE = 0x17;
    private static final int MLDV1_REPORT = 131;
    private static final int MLDV1_DONE = 132;
    private static final int MLDV2_REPORT = 143;
    private static final InetAddress ALL_IGMPV3_ROUTERS = literal(new byte[] {(byte) 224, 0, 0, 22});
    private static final InetAddress ALL_MLDV2_ROUTERS = literal(new byte[] {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x16});
    /** Internetwork control, as hosts send IGMP. */
    private static final int TOS_INTERNETWORK_CONTROL = 0xc0;

    private MembershipReports() {
    }

    /**
     * An IPv4 datagram with an IGMPv3 report of the records (IPv4 groups). The source may be
     * 0.0.0.0 (RFC 3376 section 4.2.13 allows it for a host without an address on the link).
     */
    public static byte[] igmpv3(Inet4Address source, List<GroupRecord> records) {
        int igmpLength = 8;
        for (GroupRecord r : records) {
            igmpLength += 8 + 4 * r.sources().size();
        }
        byte[] b = new byte[24 + igmpLength];
        int o = IpPacket.writeIpv4Header(b, source, ALL_IGMPV3_ROUTERS, IpPacket.IGMP, 1, TOS_INTERNETWORK_CONTROL, true, igmpLength);
        b[o] = IGMPV3_REPORT;
        Checksums.put16(b, o + 6, records.size());
        int p = o + 8;
        for (GroupRecord r : records) {
            b[p] = (byte) r.type().code();
            Checksums.put16(b, p + 2, r.sources().size());
            System.arraycopy(r.group().getAddress(), 0, b, p + 4, 4);
            p += 8;
            for (InetAddress s : r.sources()) {
                System.arraycopy(s.getAddress(), 0, b, p, 4);
                p += 4;
            }
        }
        Checksums.put16(b, o + 2, Checksums.checksum(b, o, igmpLength));
        return b;
    }

    /** An IPv6 datagram with an MLDv2 report of the records (IPv6 groups), from {@code source} (:: allowed). */
    public static byte[] mldv2(Inet6Address source, List<GroupRecord> records) {
        int mldLength = 8;
        for (GroupRecord r : records) {
            mldLength += 20 + 16 * r.sources().size();
        }
        byte[] b = new byte[48 + mldLength];
        int o = IpPacket.writeIpv6Header(b, source, ALL_MLDV2_ROUTERS, IpPacket.ICMPV6, 1, true, mldLength);
        b[o] = (byte) MLDV2_REPORT;
        Checksums.put16(b, o + 6, records.size());
        int p = o + 8;
        for (GroupRecord r : records) {
            b[p] = (byte) r.type().code();
            Checksums.put16(b, p + 2, r.sources().size());
            System.arraycopy(r.group().getAddress(), 0, b, p + 4, 16);
            p += 20;
            for (InetAddress s : r.sources()) {
                System.arraycopy(s.getAddress(), 0, b, p, 16);
                p += 16;
            }
        }
        icmpv6Checksum(b, o, mldLength);
        return b;
    }

    /** Writes the ICMPv6 checksum of the message at {@code b[offset..offset+length)} of the IPv6 datagram {@code b}. */
    static void icmpv6Checksum(byte[] b, int offset, int length) {
        int pseudo = Checksums.pseudoHeaderSum(slice(b, 8), slice(b, 24), length, IpPacket.ICMPV6);
        Checksums.put16(b, offset + 2, ~Checksums.sum(b, offset, length, pseudo) & 0xffff);
    }

    static boolean icmpv6ChecksumValid(byte[] b, int offset, int length) {
        int pseudo = Checksums.pseudoHeaderSum(slice(b, 8), slice(b, 24), length, IpPacket.ICMPV6);
        return Checksums.sum(b, offset, length, pseudo) == 0xffff;
    }

    private static byte[] slice(byte[] b, int at) {
        byte[] a = new byte[16];
        System.arraycopy(b, at, a, 0, 16);
        return a;
    }

    /** The records of a report datagram; unknown record types are skipped (RFC 3376 section 4.2.12). */
    public static List<GroupRecord> parse(byte[] datagram) throws AmtFormatException {
        IpPacket ip = IpPacket.parse(datagram, datagram.length);
        return ip.ipv4() ? parseIgmp(datagram, ip) : parseMld(datagram, ip);
    }

    private static List<GroupRecord> parseIgmp(byte[] b, IpPacket ip) throws AmtFormatException {
        if (ip.protocol() != IpPacket.IGMP) {
            throw new AmtFormatException("IPv4 protocol " + ip.protocol() + " in a Membership Update, expected IGMP (2)");
        }
        int o = ip.payloadOffset();
        int n = ip.payloadLength();
        if (n < 8) {
            throw new AmtFormatException("IGMP message truncated: " + n + " octets");
        }
        if (!Checksums.verify(b, o, n)) {
            throw new AmtFormatException("IGMP checksum wrong");
        }
        int type = b[o] & 0xff;
        return switch (type) {
            case IGMPV3_REPORT -> records(b, o + 8, o + n, Checksums.get16(b, o + 6), 4, "IGMPv3");
            case IGMPV1_REPORT, IGMPV2_REPORT -> List.of(new GroupRecord(RecordType.MODE_IS_EXCLUDE, AmtCodec.address(b, o + 4, 4), List.of()));
            case IGMPV2_LEAVE -> List.of(new GroupRecord(RecordType.CHANGE_TO_INCLUDE, AmtCodec.address(b, o + 4, 4), List.of()));
            default -> throw new AmtFormatException("IGMP type 0x" + Integer.toHexString(type) + " is not a membership report");
        };
    }

    private static List<GroupRecord> parseMld(byte[] b, IpPacket ip) throws AmtFormatException {
        if (ip.protocol() != IpPacket.ICMPV6) {
            throw new AmtFormatException("IPv6 next header " + ip.protocol() + " in a Membership Update, expected ICMPv6 (58)");
        }
        int o = ip.payloadOffset();
        int n = ip.payloadLength();
        if (n < 8) {
            throw new AmtFormatException("MLD message truncated: " + n + " octets");
        }
        if (!icmpv6ChecksumValid(b, o, n)) {
            throw new AmtFormatException("ICMPv6 checksum wrong");
        }
        int type = b[o] & 0xff;
        if ((type == MLDV1_REPORT || type == MLDV1_DONE) && n < 24) {
            throw new AmtFormatException("MLDv1 message truncated: " + n + " octets");
        }
        return switch (type) {
            case MLDV2_REPORT -> records(b, o + 8, o + n, Checksums.get16(b, o + 6), 16, "MLDv2");
            case MLDV1_REPORT -> List.of(new GroupRecord(RecordType.MODE_IS_EXCLUDE, AmtCodec.address(b, o + 8, 16), List.of()));
            case MLDV1_DONE -> List.of(new GroupRecord(RecordType.CHANGE_TO_INCLUDE, AmtCodec.address(b, o + 8, 16), List.of()));
            default -> throw new AmtFormatException("ICMPv6 type " + type + " is not a multicast listener report");
        };
    }

    private static List<GroupRecord> records(byte[] b, int p, int end, int count, int addressLength, String what) throws AmtFormatException {
        List<GroupRecord> records = new ArrayList<>(Math.min(count, 64));
        for (int i = 0; i < count; i++) {
            int header = 4 + addressLength;
            if (p + header > end) {
                throw new AmtFormatException(what + " record " + (i + 1) + " of " + count + " truncated");
            }
            int type = b[p] & 0xff;
            int aux = (b[p + 1] & 0xff) * 4;
            int sources = Checksums.get16(b, p + 2);
            int size = header + sources * addressLength + aux;
            if (p + size > end) {
                throw new AmtFormatException(what + " record " + (i + 1) + " claims " + sources + " sources, more than the message holds");
            }
            RecordType t = RecordType.of(type);
            if (t != null) {
                InetAddress group = AmtCodec.address(b, p + 4, addressLength);
                List<InetAddress> list = new ArrayList<>(sources);
                for (int s = 0; s < sources; s++) {
                    list.add(AmtCodec.address(b, p + header + s * addressLength, addressLength));
                }
                records.add(new GroupRecord(t, group, list));
            }
            p += size;
        }
        return records;
    }

    private static InetAddress literal(byte[] a) {
        try {
            return InetAddress.getByAddress(a);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
