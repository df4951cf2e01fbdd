package org.polycast.reload.internal.wire;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.polycast.reload.internal.message.AppAttachReqAns;
import org.polycast.reload.internal.message.AttachReqAns;
import org.polycast.reload.internal.message.ChordUpdate;
import org.polycast.reload.internal.message.ConfigUpdateReq;
import org.polycast.reload.internal.message.DataModel;
import org.polycast.reload.internal.message.DataSpecifier;
import org.polycast.reload.internal.message.ErrorResponse;
import org.polycast.reload.internal.message.FetchAns;
import org.polycast.reload.internal.message.Find;
import org.polycast.reload.internal.message.IceCandidate;
import org.polycast.reload.internal.message.IpAddressPort;
import org.polycast.reload.internal.message.JoinReq;
import org.polycast.reload.internal.message.LeaveReq;
import org.polycast.reload.internal.message.Ping;
import org.polycast.reload.internal.message.Probe;
import org.polycast.reload.internal.message.RouteQueryReq;
import org.polycast.reload.internal.message.StatAns;
import org.polycast.reload.internal.message.StoreAns;
import org.polycast.reload.internal.message.StoreReq;
import org.polycast.reload.internal.message.StoredData;
import org.polycast.reload.internal.message.StoredDataValue;

/** One well-formed message of every method, for round trips, the fuzzer's seeds and the tshark check. */
public final class Samples {
    public static final int OVERLAY = OverlayHash.EXAMPLE;
    public static final NodeId A = NodeId.parse("0123456789abcdef0123456789abcdef");
    public static final NodeId B = NodeId.parse("fedcba9876543210fedcba9876543210");
    public static final NodeId C = NodeId.parse("80000000000000000000000000000001");
    public static final long KIND_SINGLE = 0xF0000010L;
    public static final long KIND_ARRAY = 0xF0000011L;
    public static final long KIND_DICTIONARY = 0xF0000012L;

    /** A real self-signed node certificate (Wireshark parses the DER). */
    static final byte[] CERTIFICATE = certificate();

    private static byte[] certificate() {
        java.security.KeyPair keys = org.polycast.reload.internal.security.ReloadCertificates.newKeyPair();
        try {
            return org.polycast.reload.internal.security.ReloadCertificates.selfSigned(keys, "sample@overlay.example.org", "overlay.example.org",
                    java.time.Duration.ofDays(1)).getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Samples() {
    }

    /** Hashes used by the golden vectors. */
    static final class OverlayHash {
        static final int EXAMPLE = 0x9aa32b8d;
    }

    public static DataModel model(long kind) {
        return kind == KIND_SINGLE ? DataModel.SINGLE : kind == KIND_ARRAY ? DataModel.ARRAY : kind == KIND_DICTIONARY ? DataModel.DICTIONARY : null;
    }

    static Signature signature() {
        byte[] hash = new byte[32];
        for (int i = 0; i < hash.length; i++) {
            hash[i] = (byte) i;
        }
        return new Signature(SignerIdentity.SHA256, Signature.RSA, new SignerIdentity(SignerIdentity.CERT_HASH, SignerIdentity.SHA256, hash),
                new byte[] {0x5a, 0x5b, 0x5c, 0x5d});
    }

    static ReloadMessage message(int code, byte[] body, List<Destination> via, List<Destination> to) {
        return new ReloadMessage(OVERLAY, 1, ReloadMessage.VERSION, 100, ReloadMessage.UNFRAGMENTED, 0x0102030405060708L, 0, via, to, List.of(),
                new MessageContents(code, body), new SecurityBlock(List.of(new GenericCertificate(0, CERTIFICATE)),
                        signature()));
    }

    /** Every method's request and answer with a realistic body; destinations vary between node and resource. */
    public static List<ReloadMessage> all() {
        IpAddressPort addr = new IpAddressPort(new InetSocketAddress("198.18.0.1", 6084));
        IpAddressPort addr6 = new IpAddressPort(new InetSocketAddress("2001:2::1", 6084));
        List<IceCandidate> candidates = List.of(IceCandidate.host(addr), IceCandidate.host(addr6));
        StoredData single = new StoredData(1_700_000_000_000L, 3600, new StoredDataValue.Single(true, "hello".getBytes()), signature());
        StoredData entry = new StoredData(1_700_000_000_001L, 3600, new StoredDataValue.ArrayEntry(3, true, new byte[] {1, 2, 3}), signature());
        StoredData dict = new StoredData(1_700_000_000_002L, 60, new StoredDataValue.DictionaryEntry("k".getBytes(), false, new byte[0]), signature());
        List<Destination> node = List.of(new Destination.Node(B));
        List<Destination> resource = List.of(new Destination.Resource(C.toBytes()));
        List<Destination> via = List.of(new Destination.Node(A));
        List<ReloadMessage> out = new ArrayList<>();
        out.add(message(MessageCode.PING, Ping.request(new byte[0]), List.of(), node));
        out.add(message(MessageCode.PING + 1, new Ping.Answer(42, 1_700_000_000_000L).encode(), via, node));
        out.add(message(MessageCode.ATTACH, new AttachReqAns(new byte[0], new byte[0], AttachReqAns.passive(), candidates, true).encode(), via, resource));
        out.add(message(MessageCode.ATTACH + 1, new AttachReqAns(new byte[0], new byte[0], AttachReqAns.active(), candidates, false).encode(), via, node));
        out.add(message(MessageCode.APP_ATTACH, new AppAttachReqAns(new byte[0], new byte[0], 61441, AttachReqAns.passive(), candidates).encode(),
                List.of(), node));
        out.add(message(MessageCode.JOIN, new JoinReq(A, new byte[0]).encode(), List.of(), node));
        out.add(message(MessageCode.JOIN + 1, JoinReq.emptyOverlayData(), List.of(), node));
        out.add(message(MessageCode.LEAVE, new LeaveReq(A, LeaveReq.FROM_PRED, List.of(B, C)).encode(), List.of(), node));
        out.add(message(MessageCode.LEAVE + 1, new byte[0], List.of(), node));
        out.add(message(MessageCode.UPDATE, new ChordUpdate(77, ChordUpdate.FULL, List.of(A), List.of(B, C), List.of(C)).encode(), List.of(), node));
        out.add(message(MessageCode.UPDATE, new ChordUpdate(77, ChordUpdate.NEIGHBORS, List.of(A), List.of(B), List.of()).encode(), List.of(), node));
        out.add(message(MessageCode.UPDATE, new ChordUpdate(5, ChordUpdate.PEER_READY, List.of(), List.of(), List.of()).encode(), List.of(), node));
        out.add(message(MessageCode.UPDATE + 1, new byte[0], List.of(), node));
        out.add(message(MessageCode.ROUTE_QUERY, new RouteQueryReq(true, new Destination.Resource(C.toBytes()), new byte[0]).encode(), via, node));
        out.add(message(MessageCode.ROUTE_QUERY + 1, RouteQueryReq.encodeAnswer(C), via, node));
        out.add(message(MessageCode.PROBE, Probe.request(List.of(Probe.RESPONSIBLE_SET, Probe.NUM_RESOURCES, Probe.UPTIME)), List.of(), node));
        out.add(message(MessageCode.PROBE + 1, Probe.answer(List.of(new Probe.Information(Probe.RESPONSIBLE_SET, 250_000_000),
                new Probe.Information(Probe.NUM_RESOURCES, 4), new Probe.Information(Probe.UPTIME, 99))), List.of(), node));
        out.add(message(MessageCode.STORE, new StoreReq(C.toBytes(), 0, List.of(new StoreReq.KindData(KIND_SINGLE, 0, List.of(single)),
                new StoreReq.KindData(KIND_ARRAY, 2, List.of(entry)), new StoreReq.KindData(KIND_DICTIONARY, 0, List.of(dict))), List.of()).encode(),
                via, resource));
        out.add(message(MessageCode.STORE + 1, new StoreAns(List.of(new StoreAns.KindResponse(KIND_SINGLE, 1, List.of(A, B)))).encode(), via, node));
        DataSpecifier.Request spec = new DataSpecifier.Request(C.toBytes(), List.of(DataSpecifier.single(KIND_SINGLE),
                DataSpecifier.all(KIND_ARRAY, DataModel.ARRAY), new DataSpecifier(KIND_DICTIONARY, 0, DataModel.DICTIONARY, List.of(),
                        List.of("k".getBytes()))));
        out.add(message(MessageCode.FETCH, spec.encode(), via, resource));
        out.add(message(MessageCode.FETCH + 1, new FetchAns(List.of(new FetchAns.KindResponse(KIND_SINGLE, 1, List.of(single)),
                new FetchAns.KindResponse(KIND_ARRAY, 3, List.of(entry)))).encode(), via, node));
        out.add(message(MessageCode.STAT, spec.encode(), via, resource));
        out.add(message(MessageCode.STAT + 1, new StatAns(List.of(new StatAns.KindResponse(KIND_ARRAY, 3, List.of(new StatAns.MetaData(
                1_700_000_000_001L, 3600, DataModel.ARRAY, 3, new byte[0], true, 3, SignerIdentity.SHA256, new byte[32]))))).encode(), via, node));
        out.add(message(MessageCode.FIND, new Find.Request(C.toBytes(), List.of(KIND_SINGLE, KIND_ARRAY)).encode(), via, resource));
        out.add(message(MessageCode.FIND + 1, Find.answer(List.of(new Find.Result(KIND_SINGLE, C.toBytes()), new Find.Result(KIND_ARRAY, new byte[0]))),
                via, node));
        out.add(message(MessageCode.CONFIG_UPDATE, new ConfigUpdateReq(ConfigUpdateReq.CONFIG, "<overlay/>".getBytes()).encode(), List.of(), node));
        out.add(message(MessageCode.CONFIG_UPDATE + 1, new byte[0], List.of(), node));
        out.add(message(MessageCode.EXP_A, new byte[] {(byte) 0xd3, 0x41, 0x4d, 0x42, 0, 1}, via, resource));
        out.add(message(MessageCode.EXP_A + 1, new byte[0], via, node));
        out.add(message(MessageCode.ERROR, ErrorResponse.of(ErrorCode.EXP_A, "no tree").encode(), via, node));
        out.add(message(MessageCode.ERROR, ErrorResponse.of(ErrorCode.NOT_FOUND, "nothing here").encode(), via, node));
        return out;
    }
}
