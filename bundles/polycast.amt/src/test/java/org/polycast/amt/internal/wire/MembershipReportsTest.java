package org.polycast.amt.internal.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

/** IGMPv3/MLDv2 reports and general queries inside AMT, IGMPv1/v2 and MLDv1 compatibility, and the UDP data datagram. */
class MembershipReportsTest {
    private static final HexFormat HEX = HexFormat.of();

    private static InetAddress ip(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    @Test
    void igmpv3ReportGoldenAndRoundTrip() throws Exception {
        GroupRecord allow = new GroupRecord(RecordType.ALLOW_NEW_SOURCES, ip("232.1.1.1"), List.of(ip("198.18.1.1")));
        GroupRecord asm = new GroupRecord(RecordType.CHANGE_TO_EXCLUDE, ip("239.1.2.3"), List.of());
        byte[] b = MembershipReports.igmpv3((Inet4Address) ip("0.0.0.0"), List.of(allow, asm));
        // IPv4 with Router Alert, TOS 0xc0, TTL 1, to 224.0.0.22; IGMP type 0x22, two records.
        assertEquals("46c0", HEX.formatHex(b, 0, 2));
        assertEquals(24 + 8 + 12 + 8, b.length);
        assertEquals("e0000016", HEX.formatHex(b, 16, 20));
        assertEquals("22", HEX.formatHex(b, 24, 25));
        assertEquals("0002", HEX.formatHex(b, 30, 32));
        assertEquals("05000001e8010101c6120101" + "04000000ef010203", HEX.formatHex(b, 32, 52));
        assertTrue(Checksums.verify(b, 24, b.length - 24));
        assertEquals(List.of(allow, asm), MembershipReports.parse(b));
    }

    @Test
    void mldv2ReportRoundTripWithValidIcmpv6Checksum() throws Exception {
        GroupRecord in = new GroupRecord(RecordType.MODE_IS_INCLUDE, ip("ff3e::8000:1"), List.of(ip("2001:2:0:1::1"), ip("2001:2:0:1::2")));
        byte[] b = MembershipReports.mldv2((Inet6Address) ip("::"), List.of(in));
        assertEquals(48 + 8 + 20 + 32, b.length);
        assertEquals("00", HEX.formatHex(b, 6, 7), "hop-by-hop header first");
        assertEquals("3a00050200000100", HEX.formatHex(b, 40, 48), "router alert (MLD) and PadN");
        assertEquals(List.of(in), MembershipReports.parse(b));
        b[60] ^= 1;
        assertEquals("ICMPv6 checksum wrong", assertThrows(AmtFormatException.class, () -> MembershipReports.parse(b)).getMessage());
    }

    @Test
    void igmpv2AndMldv1MessagesReadAsRecords() throws Exception {
        // IGMPv2 report for 239.1.2.3 and leave, in plain IPv4 (no Router Alert), as old gateways send them.
        byte[] report = igmpv2(0x16, "239.1.2.3");
        assertEquals(List.of(new GroupRecord(RecordType.MODE_IS_EXCLUDE, ip("239.1.2.3"), List.of())), MembershipReports.parse(report));
        byte[] leave = igmpv2(0x17, "239.1.2.3");
        assertEquals(List.of(new GroupRecord(RecordType.CHANGE_TO_INCLUDE, ip("239.1.2.3"), List.of())), MembershipReports.parse(leave));
        byte[] done = new byte[40 + 24];
        IpPacket.writeIpv6Header(done, ip("fe80::2"), ip("ff02::2"), IpPacket.ICMPV6, 1, false, 24);
        done[40] = (byte) 132;
        System.arraycopy(ip("ff15::9").getAddress(), 0, done, 48, 16);
        MembershipReports.icmpv6Checksum(done, 40, 24);
        assertEquals(List.of(new GroupRecord(RecordType.CHANGE_TO_INCLUDE, ip("ff15::9"), List.of())), MembershipReports.parse(done));
    }

    private static byte[] igmpv2(int type, String group) throws Exception {
        byte[] b = new byte[28];
        IpPacket.writeIpv4Header(b, (Inet4Address) ip("198.18.2.2"), ip(group), IpPacket.IGMP, 1, 0, false, 8);
        b[20] = (byte) type;
        System.arraycopy(ip(group).getAddress(), 0, b, 24, 4);
        Checksums.put16(b, 22, Checksums.checksum(b, 20, 8));
        return b;
    }

    @Test
    void malformedReportsAreRefused() throws Exception {
        byte[] good = MembershipReports.igmpv3((Inet4Address) ip("0.0.0.0"),
                List.of(new GroupRecord(RecordType.MODE_IS_INCLUDE, ip("232.1.1.1"), List.of(ip("198.18.1.1")))));
        byte[] claimsMore = good.clone();
        claimsMore[32 + 3] = 3; // three sources, one present
        Checksums.put16(claimsMore, 26, 0);
        Checksums.put16(claimsMore, 26, Checksums.checksum(claimsMore, 24, claimsMore.length - 24));
        assertTrue(assertThrows(AmtFormatException.class, () -> MembershipReports.parse(claimsMore)).getMessage().contains("claims 3 sources"));
        byte[] badSum = good.clone();
        badSum[27] ^= 1;
        assertEquals("IGMP checksum wrong", assertThrows(AmtFormatException.class, () -> MembershipReports.parse(badSum)).getMessage());
        byte[] badHeader = good.clone();
        badHeader[8] = 2;
        assertEquals("IPv4 header checksum wrong", assertThrows(AmtFormatException.class, () -> MembershipReports.parse(badHeader)).getMessage());
        assertEquals("IP version 9", assertThrows(AmtFormatException.class, () -> MembershipReports.parse(new byte[] {(byte) 0x90})).getMessage());
        byte[] query = new GeneralQuery(2, 125, 10000).igmpv3((Inet4Address) ip("198.18.2.1"));
        assertTrue(assertThrows(AmtFormatException.class, () -> MembershipReports.parse(query)).getMessage().contains("not a membership report"));
    }

    @Test
    void unknownRecordTypesAreSkipped() throws Exception {
        byte[] b = MembershipReports.igmpv3((Inet4Address) ip("0.0.0.0"), List.of(
                new GroupRecord(RecordType.MODE_IS_INCLUDE, ip("232.1.1.1"), List.of()),
                new GroupRecord(RecordType.MODE_IS_EXCLUDE, ip("239.1.1.1"), List.of())));
        b[32] = 9;
        Checksums.put16(b, 26, 0);
        Checksums.put16(b, 26, Checksums.checksum(b, 24, b.length - 24));
        assertEquals(List.of(new GroupRecord(RecordType.MODE_IS_EXCLUDE, ip("239.1.1.1"), List.of())), MembershipReports.parse(b));
    }

    @Test
    void generalQueryCodesFollowRfc3376() throws Exception {
        for (int v : new int[] {1, 125, 127, 128, 200, 1000, 31744}) {
            int back = GeneralQuery.floatingValue(GeneralQuery.floatingCode(v));
            assertTrue(back <= v && back > v * 15 / 16 - 16, v + " -> " + back);
        }
        assertEquals(0x80, GeneralQuery.floatingCode(128));
        int mld = GeneralQuery.mldResponseMillis(GeneralQuery.mldResponseCode(60000));
        assertTrue(mld <= 60000 && mld > 56000, "60 s as an MLD code: " + mld);
        GeneralQuery q = GeneralQuery.parse(new GeneralQuery(3, 20, 1000).igmpv3((Inet4Address) ip("198.18.2.1")));
        assertEquals(new GeneralQuery(3, 20, 1000), q);
    }

    @Test
    void udpDatagramsRebuiltWithValidChecksumsAndParsedBack() throws Exception {
        byte[] payload = "payload".getBytes();
        byte[] v4 = UdpDatagram.build(ip("198.18.1.1"), 40000, ip("232.1.1.1"), 5000, payload, 0, payload.length);
        assertTrue(Checksums.verify(v4, 0, 20));
        int pseudo = Checksums.pseudoHeaderSum(ip("198.18.1.1").getAddress(), ip("232.1.1.1").getAddress(), 15, 17);
        assertEquals(0xffff, Checksums.sum(v4, 20, 15, pseudo), "UDP checksum");
        UdpDatagram d = UdpDatagram.parse(v4);
        assertEquals(new UdpDatagram(ip("198.18.1.1"), 40000, ip("232.1.1.1"), 5000, 28, 7), d);

        byte[] v6 = UdpDatagram.build(ip("2001:2:0:1::1"), 1, ip("ff3e::8000:1"), 5000, payload, 0, payload.length);
        UdpDatagram d6 = UdpDatagram.parse(v6);
        assertEquals(48, d6.payloadOffset());
        byte[] copy = new byte[7];
        System.arraycopy(v6, d6.payloadOffset(), copy, 0, 7);
        assertArrayEquals(payload, copy);

        byte[] unicast = UdpDatagram.build(ip("198.18.1.1"), 1, ip("198.18.2.2"), 5000, payload, 0, 7);
        assertTrue(assertThrows(AmtFormatException.class, () -> UdpDatagram.parse(unicast)).getMessage().contains("unicast"));
        byte[] fragment = v4.clone();
        fragment[6] = 0x20; // MF
        Checksums.put16(fragment, 10, 0);
        Checksums.put16(fragment, 10, Checksums.checksum(fragment, 0, 20));
        assertTrue(assertThrows(AmtFormatException.class, () -> UdpDatagram.parse(fragment)).getMessage().startsWith("fragmented"));
    }
}
