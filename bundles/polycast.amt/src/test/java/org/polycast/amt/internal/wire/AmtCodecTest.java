package org.polycast.amt.internal.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.polycast.amt.internal.wire.AmtMessage.MembershipQuery;
import org.polycast.amt.internal.wire.AmtMessage.MembershipUpdate;
import org.polycast.amt.internal.wire.AmtMessage.MulticastData;
import org.polycast.amt.internal.wire.AmtMessage.RelayAdvertisement;
import org.polycast.amt.internal.wire.AmtMessage.RelayDiscovery;
import org.polycast.amt.internal.wire.AmtMessage.Request;
import org.polycast.amt.internal.wire.AmtMessage.Teardown;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** Golden byte vectors for every AMT message (RFC 7450 section 5.1 layouts), round trips, and malformed input. */
class AmtCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    static byte[] encode(AmtMessage m) {
        ByteBuf b = Unpooled.buffer();
        try {
            AmtCodec.encode(m, b);
            assertEquals(AmtCodec.length(m), b.readableBytes(), "length()");
            byte[] out = new byte[b.readableBytes()];
            b.readBytes(out);
            return out;
        } finally {
            b.release();
        }
    }

    static AmtMessage decode(String hex) throws AmtFormatException {
        return decode(HEX.parseHex(hex));
    }

    static AmtMessage decode(byte[] bytes) throws AmtFormatException {
        ByteBuf b = Unpooled.wrappedBuffer(bytes);
        try {
            return AmtCodec.decode(b);
        } finally {
            b.release();
        }
    }

    private static InetAddress ip(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    @Test
    void relayDiscovery() throws Exception {
        assertEquals("01000000deadbeef", HEX.formatHex(encode(new RelayDiscovery(0xdeadbeef))));
        assertEquals(new RelayDiscovery(0xdeadbeef), decode("01000000deadbeef"));
        assertEquals(new RelayDiscovery(7), decode("01ffffff00000007"), "reserved bits are ignored on receipt");
    }

    @Test
    void relayAdvertisementIpv4AndIpv6() throws Exception {
        assertEquals("0200000012345678c6120201", HEX.formatHex(encode(new RelayAdvertisement(0x12345678, ip("198.18.2.1")))));
        assertEquals(new RelayAdvertisement(0x12345678, ip("198.18.2.1")), decode("0200000012345678c6120201"));
        String v6 = "020000000000000120010002000000020000000000000001";
        assertEquals(v6, HEX.formatHex(encode(new RelayAdvertisement(1, ip("2001:2:0:2::1")))));
        assertEquals(new RelayAdvertisement(1, ip("2001:2:0:2::1")), decode(v6));
    }

    @Test
    void requestCarriesPInTheLeastSignificantBitAndToleratesLinuxAndVlc() throws Exception {
        assertEquals("0300000000000042", HEX.formatHex(encode(new Request(0x42, false))));
        assertEquals("0301000000000042", HEX.formatHex(encode(new Request(0x42, true))));
        assertEquals("0380000000000042", HEX.formatHex(encode(new Request(0x42, true, true))), "Linux compatibility bit");
        assertEquals(new Request(0x42, false), decode("0300000000000042"));
        assertTrue(((Request) decode("0301000000000042")).ipv6Query());
        assertTrue(((Request) decode("0380000000000042")).ipv6Query(), "the Linux driver's P bit");
        assertEquals(new Request(0x42, false), decode("030000000000004200"), "VLC's 9-octet Request");
    }

    @Test
    void membershipQueryIpv4Is48OctetsAndCarriesGatewayFields() throws Exception {
        byte[] igmp = new GeneralQuery(2, 125, 10_000).igmpv3((java.net.Inet4Address) ip("198.18.2.1"));
        MembershipQuery q = new MembershipQuery(false, 0x0000a1b2c3d4e5f6L, 0x01020304, igmp, null);
        byte[] plain = encode(q);
        assertEquals(48, plain.length, "VLC insists on exactly 48 octets");
        assertEquals("0400a1b2c3d4e5f601020304"
                + "46c000240000400001023bffc6120201e0000001" + "94040000"
                + "1164" + HEX.formatHex(plain, 38, 40) + "00000000027d0000", HEX.formatHex(plain));
        assertTrue(Checksums.verify(plain, 12, 24), "IPv4 header checksum");
        assertTrue(Checksums.verify(plain, 36, 12), "IGMP checksum");

        InetSocketAddress gw = new InetSocketAddress(ip("198.18.2.2"), 40000);
        byte[] withG = encode(new MembershipQuery(true, 1, 2, igmp, gw));
        assertEquals(66, withG.length);
        assertEquals("03", HEX.formatHex(withG, 1, 2), "L and G flags");
        assertEquals("9c40" + "000000000000000000000000c6120202", HEX.formatHex(withG, 48, 66));
        MembershipQuery back = (MembershipQuery) decode(withG);
        assertTrue(back.limit());
        assertEquals(gw, back.gateway());
        assertArrayEquals(igmp, back.query());
        assertEquals(1, back.mac());
    }

    @Test
    void membershipQueryIpv6Is88Octets() throws Exception {
        byte[] mld = new GeneralQuery(2, 125, 10_000).mldv2((java.net.Inet6Address) ip("fe80::1"));
        byte[] m = encode(new MembershipQuery(false, 0xffffffffffffL, 9, mld, new InetSocketAddress(ip("2001:2:0:2::2"), 2268)));
        assertEquals(88 + 18, m.length);
        MembershipQuery back = (MembershipQuery) decode(m);
        assertEquals(0xffffffffffffL, back.mac());
        assertEquals(new InetSocketAddress(ip("2001:2:0:2::2"), 2268), back.gateway());
        assertEquals(new GeneralQuery(2, 125, 10_000), GeneralQuery.parse(back.query()));
    }

    @Test
    void membershipUpdate() throws Exception {
        byte[] report = MembershipReports.igmpv3((java.net.Inet4Address) ip("0.0.0.0"),
                java.util.List.of(new GroupRecord(RecordType.ALLOW_NEW_SOURCES, ip("232.1.1.1"), java.util.List.of(ip("198.18.1.1")))));
        byte[] m = encode(new MembershipUpdate(0x123456789abcL, 0xcafe, report));
        assertEquals("0500123456789abc0000cafe", HEX.formatHex(m, 0, 12));
        MembershipUpdate back = (MembershipUpdate) decode(m);
        assertArrayEquals(report, back.report());
        assertEquals(0x123456789abcL, back.mac());
    }

    @Test
    void multicastDataAndTeardown() throws Exception {
        byte[] udp = UdpDatagram.build(ip("198.18.1.1"), 40000, ip("232.1.1.1"), 5000, "hi".getBytes(), 0, 2);
        byte[] m = encode(new MulticastData(udp));
        assertEquals("0600", HEX.formatHex(m, 0, 2));
        assertArrayEquals(udp, ((MulticastData) decode(m)).datagram());

        Teardown t = new Teardown(0xabcdef012345L, 77, new InetSocketAddress(ip("198.18.2.2"), 40000));
        String golden = "0700abcdef012345" + "0000004d" + "9c40" + "000000000000000000000000c6120202";
        assertEquals(golden, HEX.formatHex(encode(t)));
        assertEquals(t, decode(golden));
        Teardown v6 = new Teardown(1, 2, new InetSocketAddress(ip("2001:2:0:2::2"), 1));
        assertEquals(v6, decode(encode(v6)));
    }

    @Test
    void malformedInputIsRefusedWithAReason() {
        assertEquals("truncated: 1 octets", assertThrows(AmtFormatException.class, () -> decode("01")).getMessage());
        assertEquals("version 1, expected 0", assertThrows(AmtFormatException.class, () -> decode("11000000deadbeef")).getMessage());
        assertEquals("unknown message type 9", assertThrows(AmtFormatException.class, () -> decode("09000000deadbeef")).getMessage());
        assertEquals("unknown message type 0", assertThrows(AmtFormatException.class, () -> decode("00000000deadbeef")).getMessage());
        assertTrue(assertThrows(AmtFormatException.class, () -> decode("01000000dead")).getMessage().startsWith("RELAY_DISCOVERY truncated"));
        assertTrue(assertThrows(AmtFormatException.class, () -> decode("0200000012345678c61202")).getMessage().contains("expected 12"));
        assertTrue(assertThrows(AmtFormatException.class, () -> decode("0200000012345678e0000001")).getMessage().contains("not a unicast"));
        assertTrue(assertThrows(AmtFormatException.class, () -> decode("0401000000000000000000000000")).getMessage().startsWith("MEMBERSHIP_QUERY truncated"));
        assertTrue(assertThrows(AmtFormatException.class, () -> decode("0500000000000000")).getMessage().startsWith("MEMBERSHIP_UPDATE truncated"));
        assertTrue(assertThrows(AmtFormatException.class, () -> decode("0600450000")).getMessage().startsWith("MULTICAST_DATA truncated"));
        assertTrue(assertThrows(AmtFormatException.class, () -> decode("0700000000000000000000000000")).getMessage().startsWith("TEARDOWN truncated"));
    }

    @Test
    void decodingLeavesTheBufferIndicesAlone() throws Exception {
        ByteBuf b = Unpooled.wrappedBuffer(HEX.parseHex("01000000deadbeef"));
        AmtCodec.decode(b);
        assertEquals(0, b.readerIndex());
        assertEquals(8, b.readableBytes());
        b.release();
    }

    @Test
    void macIsTruncatedTo48Bits() {
        assertEquals(0xffffffffffffL, AmtCodec.truncateMac(-1L));
        assertFalse(AmtCodec.truncateMac(1L << 48) != 0);
        assertNull(AmtMessageType.of(8));
    }
}
