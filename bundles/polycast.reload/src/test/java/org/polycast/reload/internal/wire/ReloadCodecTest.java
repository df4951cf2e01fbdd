package org.polycast.reload.internal.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.polycast.reload.internal.config.OverlayConfig;
import org.polycast.reload.internal.message.AttachReqAns;
import org.polycast.reload.internal.message.ChordUpdate;
import org.polycast.reload.internal.message.DataSpecifier;
import org.polycast.reload.internal.message.FetchAns;
import org.polycast.reload.internal.message.IpAddressPort;
import org.polycast.reload.internal.message.StoreReq;
import org.polycast.reload.internal.message.StoredDataValue;

class ReloadCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void overlayHashAndResourceIdMatchTheKnownVectors() {
        assertEquals(0x9aa32b8d, OverlayConfig.overlayHash("overlay.example.org"));
        assertEquals("a9bba3a358754fa5431ce2008ed12306", NodeId.hash("node1@relod.net".getBytes(StandardCharsets.UTF_8)).hex());
    }

    @Test
    void ipAddressPortEncodesAsTheRfcExample() throws Exception {
        WireWriter w = new WireWriter();
        new IpAddressPort(new InetSocketAddress("192.0.2.1", 6084)).write(w);
        assertEquals("0106c000020117c4", HEX.formatHex(w.toByteArray()));
        assertEquals(new InetSocketAddress("192.0.2.1", 6084), IpAddressPort.read(new WireReader(w.toByteArray())).address());
    }

    /** A Ping request written out field by field from RFC 6940 §6.3.2, §6.3.3, §6.3.4 and §6.5.3.1. */
    @Test
    void pingRequestIsBitExact() throws Exception {
        byte[] hash = new byte[32];
        for (int i = 0; i < 32; i++) {
            hash[i] = (byte) i;
        }
        ReloadMessage m = new ReloadMessage(0x9aa32b8d, 1, 0x0a, 100, 0xC0000000L, 0x0102030405060708L, 0, List.of(),
                List.of(new Destination.Node(Samples.B)), List.of(), new MessageContents(MessageCode.PING, new byte[] {0, 0}),
                new SecurityBlock(List.of(), new Signature(4, 1, new SignerIdentity(1, 4, hash), new byte[] {(byte) 0xaa, (byte) 0xbb})));
        String expected = "d2454c4f" + "9aa32b8d" + "0001" + "0a" + "64" + "c0000000" + "00000071" + "0102030405060708" + "00000000"
                + "0000" + "0012" + "0000" // via, destination and options lengths
                + "0110" + Samples.B.hex() // node destination
                + "0017" + "00000002" + "0000" + "00000000" // ping_req, body: empty padding, no extensions
                + "0000" // no certificates
                + "04" + "01" + "01" + "0022" + "04" + "20" + HEX.formatHex(hash) + "0002" + "aabb";
        assertEquals(expected, HEX.formatHex(m.encode()));
        assertEquals(m.toString(), ReloadMessage.decode(m.encode()).toString());
    }

    @Test
    void everySampleRoundTripsByteForByte() throws Exception {
        for (ReloadMessage m : Samples.all()) {
            byte[] once = m.encode();
            ReloadMessage back = ReloadMessage.decode(once);
            assertArrayEquals(once, back.encode(), m.toString());
            assertArrayEquals(m.contents().body(), back.contents().body());
        }
    }

    @Test
    void bodiesRoundTrip() throws Exception {
        ChordUpdate u = new ChordUpdate(9, ChordUpdate.FULL, List.of(Samples.A), List.of(Samples.B, Samples.C), List.of(Samples.C));
        assertEquals(u, ChordUpdate.decode(u.encode()));
        byte[] store = Samples.all().stream().filter(m -> m.code() == MessageCode.STORE).findFirst().orElseThrow().contents().body();
        StoreReq s = StoreReq.decode(store, Samples::model);
        assertEquals(3, s.kinds().size());
        assertArrayEquals(store, s.encode());
        StoreReq unknown = StoreReq.decode(store, k -> k == Samples.KIND_SINGLE ? Samples.model(k) : null);
        assertEquals(List.of(Samples.KIND_ARRAY, Samples.KIND_DICTIONARY), unknown.unknownKinds());
        byte[] fetch = Samples.all().stream().filter(m -> m.code() == MessageCode.FETCH + 1).findFirst().orElseThrow().contents().body();
        assertArrayEquals(fetch, FetchAns.decode(fetch, Samples::model).encode());
        byte[] spec = Samples.all().stream().filter(m -> m.code() == MessageCode.FETCH).findFirst().orElseThrow().contents().body();
        assertArrayEquals(spec, DataSpecifier.Request.decode(spec, Samples::model).encode());
        AttachReqAns a = AttachReqAns.decode(Samples.all().get(2).contents().body());
        assertEquals(2, a.candidates().size());
        assertTrue(a.sendUpdate());
    }

    @Test
    void everyTruncationIsAFormatError() {
        for (ReloadMessage m : Samples.all()) {
            byte[] full = m.encode();
            for (int n = 0; n < full.length; n++) {
                byte[] cut = java.util.Arrays.copyOf(full, n);
                assertThrows(ReloadFormatException.class, () -> ReloadMessage.decode(cut), m + " cut at " + n);
            }
        }
    }

    @Test
    void headerErrorsAreNamed() {
        byte[] ok = Samples.all().get(0).encode();
        assertEquals("version 0x1 is not RELOAD 1.0 (0x0a)", error(ok, 10, 0x01));
        assertEquals("relo_token 0xd2454c4e is not 0xd2454c4f", error(ok, 3, 0x4e));
        assertTrue(error(ok, 19, ok[19] + 1).startsWith("length field"));
        assertTrue(error(ok, 12, 0x80).contains("fragmented"));
        byte[] badBool = Samples.all().get(2).encode();
        // the send_update Boolean is the last octet of the Attach body, just before the 4-octet extensions length
        int at = indexOfBody(badBool);
        badBool[at] = 2;
        ReloadMessage m = decodeQuietly(badBool);
        assertThrows(ReloadFormatException.class, () -> AttachReqAns.decode(m.contents().body()));
    }

    private static int indexOfBody(byte[] encoded) {
        ReloadMessage m = decodeQuietly(encoded);
        byte[] body = m.contents().body();
        return indexOf(encoded, body) + body.length - 1;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static ReloadMessage decodeQuietly(byte[] b) {
        try {
            return ReloadMessage.decode(b);
        } catch (ReloadFormatException e) {
            throw new AssertionError(e);
        }
    }

    private static String error(byte[] ok, int index, int value) {
        byte[] bad = ok.clone();
        bad[index] = (byte) value;
        return assertThrows(ReloadFormatException.class, () -> ReloadMessage.decode(bad)).getMessage();
    }

    @Test
    void ringArithmeticWraps() {
        NodeId max = NodeId.WILDCARD;
        assertEquals(NodeId.ZERO, max.plusOne());
        assertEquals(max, NodeId.ZERO.minus(new NodeId(0, 1)));
        assertTrue(NodeId.ZERO.inHalfOpen(Samples.B, Samples.A));
        assertTrue(!Samples.C.inHalfOpen(Samples.B, Samples.A));
        assertTrue(Samples.B.inOpen(Samples.C, Samples.A));
        assertEquals(new NodeId(Long.MIN_VALUE, 0), NodeId.powerOfTwo(127));
        assertEquals(StoredDataValue.APPEND, 0xffffffffL);
    }
}
