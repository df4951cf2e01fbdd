package org.polycast.amt.internal.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.polycast.amt.internal.wire.AmtCodec;
import org.polycast.amt.internal.wire.AmtMessage;
import org.polycast.amt.internal.wire.AmtMessage.MembershipQuery;
import org.polycast.amt.internal.wire.AmtMessage.MembershipUpdate;
import org.polycast.amt.internal.wire.AmtMessage.Request;
import org.polycast.amt.internal.wire.GroupRecord;
import org.polycast.amt.internal.wire.MembershipReports;
import org.polycast.amt.internal.wire.RecordType;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** The relay's answers as independent gateways read them: the Linux kernel driver, amtgwd. */
class RelayEngineTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final InetAddress RELAY = ip("198.18.0.1");
    private static final InetSocketAddress GATEWAY = new InetSocketAddress(ip("198.18.0.2"), 40000);
    private static final InetSocketAddress GATEWAY6 = new InetSocketAddress(ip("2001:2::2"), 40000);

    private final List<AmtMessage> sent = new ArrayList<>();

    private static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private RelayTestAccess engine(boolean queryCarriesGatewayAddress) {
        return new RelayTestAccess(RELAY, 10, 125, queryCarriesGatewayAddress, () -> 0L, (m, to, from) -> sent.add(m));
    }

    private static byte[] encode(AmtMessage m) {
        ByteBuf b = Unpooled.buffer();
        try {
            AmtCodec.encode(m, b);
            byte[] out = new byte[b.readableBytes()];
            b.readBytes(out);
            return out;
        } finally {
            b.release();
        }
    }

    @Test
    void theQueryCarriesNoGatewayFieldsByDefaultAsTheLinuxGatewayRequires() {
        RelayTestAccess relay = engine(false);
        relay.received(new Request(0x01020304, false, false), GATEWAY, RELAY);
        MembershipQuery q = (MembershipQuery) sent.get(0);
        assertNull(q.gateway());
        byte[] wire = encode(q);
        // Linux (include/net/amt.h) reads the second octet as reserved:6 l:1 g:1 from the low bit up and drops a Query
        // whose reserved bits are not zero; RFC 7450's G is its 0x01. Type 4, version 0, then no flag at all.
        assertEquals("0400", HEX.formatHex(wire, 0, 2));
        assertEquals("01020304", HEX.formatHex(wire, 8, 12), "the Request's nonce");
        // The encapsulated IGMPv3 query fills the rest exactly: amtgwd and Linux compare the IP total length with it.
        int ipTotalLength = ((wire[14] & 0xff) << 8) | (wire[15] & 0xff);
        assertEquals(wire.length - 12, ipTotalLength);
        assertEquals(36, ipTotalLength, "IPv4 header with Router Alert (24) and the IGMPv3 query (12)");
        assertEquals("46c00024", HEX.formatHex(wire, 12, 16), "IPv4, header of six words, DSCP CS6");
        assertEquals("0102", HEX.formatHex(wire, 20, 22), "TTL 1, protocol IGMP");
        assertEquals("e0000001", HEX.formatHex(wire, 28, 32), "to all systems");
        assertEquals(0x11, wire[36] & 0xff, "IGMP membership query");
    }

    @Test
    void theIpv6QueryLikewiseAndItsLengthsAgree() {
        RelayTestAccess relay = engine(false);
        relay.received(new Request(7, true, false), GATEWAY6, ip("2001:2::1"));
        byte[] wire = encode(sent.get(0));
        assertEquals("0400", HEX.formatHex(wire, 0, 2));
        int payloadLength = ((wire[16] & 0xff) << 8) | (wire[17] & 0xff);
        assertEquals(wire.length - 12 - 40, payloadLength, "IPv6 payload length: hop-by-hop header and MLDv2 query, nothing after");
    }

    @Test
    void theGatewayFieldsWhenConfigured() {
        RelayTestAccess relay = engine(true);
        relay.received(new Request(9, false, false), GATEWAY, RELAY);
        MembershipQuery q = (MembershipQuery) sent.get(0);
        assertEquals(GATEWAY, q.gateway());
        byte[] wire = encode(q);
        assertEquals("0401", HEX.formatHex(wire, 0, 2), "G, RFC 7450 section 5.1.4");
        assertEquals(12 + 36 + 18, wire.length, "port (2) and address (16) after the query");
    }

    @Test
    void linkScopeGroupsInAnUpdateAreIgnoredAndCounted() {
        RelayTestAccess relay = engine(false);
        relay.received(new Request(11, true, false), GATEWAY6, ip("2001:2::1"));
        long mac = ((MembershipQuery) sent.get(0)).mac();
        List<GroupRecord> records = List.of(
                new GroupRecord(RecordType.CHANGE_TO_EXCLUDE, ip("ff02::1:ff00:2"), List.of()),
                new GroupRecord(RecordType.CHANGE_TO_EXCLUDE, ip("ff01::5"), List.of()),
                new GroupRecord(RecordType.CHANGE_TO_EXCLUDE, ip("ff32::2"), List.of()),
                new GroupRecord(RecordType.ALLOW_NEW_SOURCES, ip("ff3e::1234"), List.of(ip("2001:2::9"))));
        byte[] report = MembershipReports.mldv2((Inet6Address) ip("fe80::2"), records);
        relay.received(new MembershipUpdate(mac, 11, report), GATEWAY6, ip("2001:2::1"));
        assertEquals(3, relay.counters().get("ignored-link-scope-groups"));
        assertEquals(List.of(new SourceGroup(ip("2001:2::9"), ip("ff3e::1234")).toString()), relay.subscriptions(),
                "only the global-scope channel is joined upstream");
        assertEquals(1, relay.counters().get("updates-accepted"));
    }

    @Test
    void ipv4LinkScopeIsTheLocalNetworkControlBlock() {
        assertTrue(RelayEngine.isLinkScope(ip("224.0.0.251")));
        assertTrue(RelayEngine.isLinkScope(ip("224.0.0.0")));
        assertFalse(RelayEngine.isLinkScope(ip("224.0.1.1")));
        assertFalse(RelayEngine.isLinkScope(ip("232.1.1.1")));
        assertFalse(RelayEngine.isLinkScope(ip("239.255.255.250")));
        assertTrue(RelayEngine.isLinkScope(ip("ff12::1")));
        assertTrue(RelayEngine.isLinkScope(ip("ff00::1")));
        assertFalse(RelayEngine.isLinkScope(ip("ff05::2")));
        assertFalse(RelayEngine.isLinkScope(ip("ff15::1")));
        assertTrue(RelayEngine.isLinkScope(ip("ff02::1")));
    }

    @Test
    void aFloodOfForgedRequestsIsAnsweredAtTheBoundedRateAndOthersAreStillServed() {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(1_000_000);
        RelayTestAccess relay = new RelayTestAccess(RELAY, 10, 125, false, now::get, (m, to, from) -> sent.add(m));
        InetSocketAddress victim = new InetSocketAddress(ip("198.18.0.66"), 40000);
        for (int i = 0; i < 2000; i++) {
            relay.received(new Request(i, false, false), victim, RELAY);
        }
        assertEquals(40, sent.size(), "a burst of twice the 20 a second, then nothing");
        assertEquals(1960, relay.counters().get("unanswered-rate-limit"));
        byte[] query = encode(sent.get(0));
        assertEquals(48, query.length, "the smallest Query the protocol allows: 12 octets and the 36-octet IGMPv3 query");
        relay.received(new Request(7, false, false), GATEWAY, RELAY);
        assertEquals(41, sent.size(), "another source is answered");
        now.addAndGet(1000);
        for (int i = 0; i < 100; i++) {
            relay.received(new Request(i, false, false), victim, RELAY);
        }
        assertEquals(41 + 20, sent.size(), "20 more a second later");
    }
}
