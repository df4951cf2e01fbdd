package org.polycast.reload.internal.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.polycast.reload.internal.config.KindDefinition;
import org.polycast.reload.internal.message.ConfigUpdateReq;
import org.polycast.reload.internal.message.DataSpecifier;
import org.polycast.reload.internal.message.Find;
import org.polycast.reload.internal.message.Ping;
import org.polycast.reload.internal.message.StatAns;
import org.polycast.reload.internal.message.StoreReq;
import org.polycast.reload.internal.message.StoredData;
import org.polycast.reload.internal.message.StoredDataValue;
import org.polycast.reload.internal.security.ReloadCertificates;
import org.polycast.reload.internal.security.X509Signer;
import org.polycast.reload.internal.security.X509Verifier;
import org.polycast.reload.internal.sim.SimOverlay;
import org.polycast.reload.internal.wire.Destination;
import org.polycast.reload.internal.wire.ErrorCode;
import org.polycast.reload.internal.wire.MessageCode;
import org.polycast.reload.internal.wire.MessageContents;
import org.polycast.reload.internal.wire.NodeId;
import org.polycast.reload.internal.wire.ReloadMessage;
import org.polycast.reload.internal.wire.SecurityBlock;
import org.polycast.reload.internal.wire.Signature;

/**
 * Six peers with real self-signed X.509 certificates and RSA-SHA256 signatures on the simulated links:
 * storage semantics, replicas surviving the responsible peer, access policies, and forged or unsigned
 * messages refused and counted.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class SecureOverlayTest {
    private static final X509Verifier VERIFIER = new X509Verifier(List.of(), true);
    private static SimOverlay sim;
    private static List<X509Signer> signers = new ArrayList<>();

    @BeforeAll
    static void overlay() throws Exception {
        sim = new SimOverlay(11, 600, new ChordOptions(3, 16, 2, 1000));
        for (int i = 1; i <= 6; i++) {
            KeyPair keys = ReloadCertificates.newKeyPair();
            X509Signer s = new X509Signer(keys.getPrivate(), ReloadCertificates.selfSigned(keys, "user" + i + "@sim.polycast", "sim.polycast",
                    Duration.ofDays(1)));
            signers.add(s);
            sim.addPeer(s, VERIFIER);
        }
        sim.clock.advance(20_000);
    }

    private static <T> T await(CompletableFuture<T> f) {
        sim.clock.advanceUntil(f::isDone, 10, 60_000);
        assertTrue(f.isDone(), "no answer");
        return f.join();
    }

    private static Throwable failure(CompletableFuture<?> f) {
        sim.clock.advanceUntil(f::isDone, 10, 60_000);
        assertTrue(f.isCompletedExceptionally(), "expected a failure");
        return f.handle((v, e) -> e.getCause() != null ? e.getCause() : e).join();
    }

    private static KindDefinition kind(String name) {
        return sim.config().kind(name);
    }

    private static byte[] userResource(int i) {
        return ReloadCertificates.userResource("user" + i + "@sim.polycast");
    }

    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE) // it fails a peer: last
    void storedValueIsFetchedVerifiedFromEveryPeerAndSurvivesItsResponsiblePeer() {
        OverlayNode writer = sim.peers.get(0);
        byte[] resource = userResource(1);
        StorageProtocol.Stored stored = await(writer.storage().store(resource, kind("polycast-value"),
                List.of(new StoredDataValue.Single(true, "hello".getBytes(StandardCharsets.UTF_8))), 600));
        assertEquals(2, stored.answer().kinds().get(0).replicas().size(), "two replicas");
        for (OverlayNode reader : sim.peers) {
            StorageProtocol.Fetched f = await(reader.storage().fetch(resource, DataSpecifier.single(kind("polycast-value").id())));
            assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), f.values().get(0).value().value());
            assertEquals(writer.self(), f.signers().get(0));
        }
        StatAns stat = await(sim.peers.get(2).storage().stat(resource, DataSpecifier.single(kind("polycast-value").id())));
        assertEquals(5, stat.kinds().get(0).values().get(0).valueLength());
        List<Find.Result> found = await(sim.peers.get(3).storage().find(resource, List.of(kind("polycast-value").id())));
        assertArrayEquals(resource, found.get(0).closest());

        OverlayNode responsible = sim.peers.stream().filter(p -> p.self().equals(stored.responder())).findFirst().orElseThrow();
        sim.fail(responsible);
        sim.clock.advance(10_000);
        for (OverlayNode reader : sim.peers) {
            StorageProtocol.Fetched f = await(reader.storage().fetch(resource, DataSpecifier.single(kind("polycast-value").id())));
            assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), f.values().get(0).value().value(), "from the replica");
            assertNotEquals(responsible.self(), f.responder());
        }
        assertEquals(0, sim.lookups(200).failed(), "the ring re-stabilised");
    }

    @Test
    void arraysAppendDictionariesKeyAndGenerationsAndStorageTimesAreEnforced() {
        OverlayNode writer = sim.peers.get(1);
        byte[] resource = ReloadCertificates.userResource(writer.signer().identity().userName());
        KindDefinition list = kind("polycast-list");
        await(writer.storage().store(resource, list, List.of(new StoredDataValue.ArrayEntry(StoredDataValue.APPEND, true, new byte[] {1}),
                new StoredDataValue.ArrayEntry(StoredDataValue.APPEND, true, new byte[] {2})), 600));
        StorageProtocol.Fetched f = await(sim.peers.get(4).storage().fetch(resource, DataSpecifier.all(list.id(), list.model())));
        assertEquals(2, f.values().size());
        assertEquals(1, ((StoredDataValue.ArrayEntry) f.values().get(1).value()).index());
        assertTrue(f.generation() > 0);

        KindDefinition dict = kind("polycast-dictionary");
        byte[] nodeResource = NodeId.hash(writer.self().toBytes()).toBytes();
        await(writer.storage().store(nodeResource, dict, List.of(new StoredDataValue.DictionaryEntry("a".getBytes(), true, "x".getBytes())), 600));
        StorageProtocol.Fetched d = await(sim.peers.get(3).storage().fetch(nodeResource,
                new DataSpecifier(dict.id(), 0, dict.model(), List.of(), List.of("a".getBytes(), "missing".getBytes()))));
        assertTrue(d.values().get(0).value().exists());
        assertTrue(!d.values().get(1).value().exists(), "a missing key comes back as exists=false");

        // a store naming a stale generation counter is refused
        StoreReq stale = new StoreReq(resource, 0, List.of(new StoreReq.KindData(list.id(), 12345, List.of(signed(writer, resource, list.id(),
                sim.clock.nowMillis() + 10_000, new StoredDataValue.ArrayEntry(5, true, new byte[] {9}))))), List.of());
        Throwable e = failure(writer.request(List.of(new Destination.Resource(resource)), MessageCode.STORE, stale.encode()));
        assertEquals(ErrorCode.GENERATION_COUNTER_TOO_LOW, ((RequestFailedException) e).errorCode());
        // an older storage time than the stored value's is refused
        StoreReq old = new StoreReq(resource, 0, List.of(new StoreReq.KindData(list.id(), 0, List.of(signed(writer, resource, list.id(), 1000,
                new StoredDataValue.ArrayEntry(0, true, new byte[] {7}))))), List.of());
        Throwable e2 = failure(writer.request(List.of(new Destination.Resource(resource)), MessageCode.STORE, old.encode()));
        assertEquals(ErrorCode.DATA_TOO_OLD, ((RequestFailedException) e2).errorCode());
    }

    private static StoredData signed(OverlayNode writer, byte[] resource, long kind, long time, StoredDataValue v) {
        Signature s = writer.signer().sign(StoredData.signedInput(resource, kind, time, v, writer.signer().signerIdentity()));
        return new StoredData(time, 600, v, s);
    }

    private static StoredDataValue claim(String key) {
        return new StoredDataValue.Single(true, org.polycast.api.overlay.OverlayClaims.value(key.getBytes(StandardCharsets.UTF_8), new byte[] {1}));
    }

    @Test
    void theFirstLiveClaimWinsUntilItsLeaseEnds() throws InterruptedException {
        KindDefinition claims = kind(org.polycast.api.overlay.OverlayClaims.KIND);
        byte[] resource = NodeId.hash("239.193.0.1".getBytes(StandardCharsets.UTF_8)).toBytes();
        await(sim.peers.get(0).storage().store(resource, claims, List.of(claim("ham:opaque:a")), 1));
        // The same key from another peer is a refresh; another key is refused while the claim lives.
        await(sim.peers.get(1).storage().store(resource, claims, List.of(claim("ham:opaque:a")), 1));
        Throwable e = failure(sim.peers.get(2).storage().store(resource, claims, List.of(claim("ham:opaque:b")), 1));
        assertEquals(ErrorCode.FORBIDDEN, ((RequestFailedException) e).errorCode());
        assertTrue(e.getMessage().contains("ham:opaque:a"), e.getMessage());
        // Only the claimant removes a claim.
        Throwable r = failure(sim.peers.get(2).storage().store(resource, claims, List.of(new StoredDataValue.Single(false, new byte[0])), 1));
        assertEquals(ErrorCode.FORBIDDEN, ((RequestFailedException) r).errorCode());
        // A value without a claim key is malformed for this kind.
        Throwable m = failure(sim.peers.get(2).storage().store(resource, claims, List.of(new StoredDataValue.Single(true, new byte[] {0, 9})), 1));
        assertEquals(ErrorCode.INVALID_MESSAGE, ((RequestFailedException) m).errorCode());
        // Leases end on the node's clock (storage_time + lifetime; the wall clock on a live node, virtual here), at the next
        // request, not at the next maintenance round.
        sim.clock.advance(2100);
        StorageProtocol.Fetched gone = await(sim.peers.get(3).storage().fetch(resource, DataSpecifier.single(claims.id())));
        assertTrue(!gone.values().get(0).value().exists(), "the expired claim is not served");
        await(sim.peers.get(2).storage().store(resource, claims, List.of(claim("ham:opaque:b")), 60));
        StorageProtocol.Fetched f = await(sim.peers.get(4).storage().fetch(resource, DataSpecifier.single(claims.id())));
        byte[] key = org.polycast.api.overlay.OverlayClaims.key(f.values().get(0).value().value());
        assertEquals("ham:opaque:b", new String(key, StandardCharsets.UTF_8));
    }

    @Test
    void eachPeerWritesOnlyItsOwnEntryOfANodeKeyKind() {
        KindDefinition trees = kind("alm-tree");
        byte[] group = NodeId.hash("ham:opaque:news".getBytes(StandardCharsets.UTF_8)).toBytes();
        OverlayNode a = sim.peers.get(0);
        OverlayNode b = sim.peers.get(1);
        await(a.storage().store(group, trees, List.of(entry(a.self().toString(), "tree of a")), 60));
        await(b.storage().store(group, trees, List.of(entry(b.self().toString(), "tree of b")), 60));
        // Writing another peer's entry is refused, at any resource.
        Throwable e = failure(b.storage().store(group, trees, List.of(entry(a.self().toString(), "forged by b")), 60));
        assertEquals(ErrorCode.FORBIDDEN, ((RequestFailedException) e).errorCode());
        assertTrue(e.getMessage().contains("POLYCAST-NODE-KEY"), e.getMessage());
        StorageProtocol.Fetched f = await(sim.peers.get(3).storage().fetch(group, DataSpecifier.all(trees.id(), trees.model())));
        java.util.Map<String, String> got = new java.util.TreeMap<>();
        f.values().forEach(v -> {
            StoredDataValue.DictionaryEntry d = (StoredDataValue.DictionaryEntry) v.value();
            got.put(new String(d.key(), StandardCharsets.US_ASCII), new String(d.value(), StandardCharsets.UTF_8));
        });
        assertEquals(java.util.Map.of(a.self().toString(), "tree of a", b.self().toString(), "tree of b"), got);
    }

    @Test
    void aNodeKeyPolicyNeedsTheDictionaryModel() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new KindDefinition(0xF0000099L, "bad", org.polycast.reload.internal.message.DataModel.SINGLE,
                        org.polycast.reload.internal.config.AccessPolicy.NODE_KEY, 1, 100));
        assertTrue(e.getMessage().contains("DICTIONARY"), e.getMessage());
    }

    private static StoredDataValue.DictionaryEntry entry(String key, String value) {
        return new StoredDataValue.DictionaryEntry(key.getBytes(StandardCharsets.US_ASCII), true, value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void accessPoliciesRefuseWritesToOthersResources() {
        OverlayNode intruder = sim.peers.get(2);
        long before = sim.peers.stream().mapToLong(p -> p.counters().get("stores-refused")).sum();
        Throwable e = failure(intruder.storage().store(userResource(1), kind("polycast-value"),
                List.of(new StoredDataValue.Single(true, "overwritten".getBytes())), 600));
        assertEquals(ErrorCode.FORBIDDEN, ((RequestFailedException) e).errorCode());
        assertTrue(e.getMessage().contains("USER-MATCH"), e.getMessage());
        assertEquals(before + 1, sim.peers.stream().mapToLong(p -> p.counters().get("stores-refused")).sum());
    }

    @Test
    void forgedAndUnsignedMessagesAreRefusedAndCounted() {
        OverlayNode target = sim.peers.get(3);
        OverlayNode victim = sim.peers.get(4);
        OverlayNode forger = sim.peers.get(5);
        MessageContents ping = new MessageContents(MessageCode.PING, Ping.request(new byte[0]));
        int overlay = sim.config().overlayHash();
        // signed by the forger's key but naming the victim's certificate
        Signature forged = forger.signer().sign(ReloadMessage.signedInput(overlay, 99, ping, victim.signer().signerIdentity()));
        Signature claimed = new Signature(forged.hashAlgorithm(), forged.signatureAlgorithm(), victim.signer().signerIdentity(), forged.value());
        ReloadMessage m = new ReloadMessage(overlay, sim.config().sequence(), ReloadMessage.VERSION, 10, ReloadMessage.UNFRAGMENTED, 99, 0, List.of(),
                List.of(new Destination.Node(target.self())), List.of(), ping, new SecurityBlock(victim.signer().certificates(), claimed));
        ReloadMessage unsigned = new ReloadMessage(overlay, sim.config().sequence(), ReloadMessage.VERSION, 10, ReloadMessage.UNFRAGMENTED, 98, 0,
                List.of(), List.of(new Destination.Node(target.self())), List.of(), ping, new SecurityBlock(List.of(), Signature.ANONYMOUS));
        Link fromForger = new Link() {
            @Override
            public NodeId peer() {
                return forger.self();
            }

            @Override
            public java.net.InetSocketAddress remoteAddress() {
                return null;
            }

            @Override
            public void send(byte[] message) {
            }

            @Override
            public void close() {
            }
        };
        long before = target.counters().get("bad-signature");
        long answered = target.counters().get("delivered-ping_req");
        target.received(fromForger, m.encode());
        target.received(fromForger, unsigned.encode());
        target.received(fromForger, new byte[] {1, 2, 3});
        assertEquals(before + 2, target.counters().get("bad-signature"));
        assertEquals(answered, target.counters().get("delivered-ping_req"), "nothing forged was answered");
        assertTrue(target.counters().get("malformed") >= 1);
    }

    @Test
    void configUpdatesFromSomeoneWhoIsNotAConfigurationSignerAreRefused() {
        byte[] doc = SimOverlay.defaultConfig(600);
        ConfigUpdateReq req = new ConfigUpdateReq(ConfigUpdateReq.CONFIG, new String(doc, StandardCharsets.UTF_8)
                .replace("sequence=\"1\"", "sequence=\"2\"").getBytes(StandardCharsets.UTF_8));
        OverlayNode target = sim.peers.get(1);
        Throwable e = failure(sim.peers.get(2).request(List.of(new Destination.Node(target.self())), MessageCode.CONFIG_UPDATE, req.encode()));
        assertEquals(ErrorCode.FORBIDDEN, ((RequestFailedException) e).errorCode());
        assertEquals(1, target.config().sequence());
    }

    @Test
    void aNewerConfigurationSignedByAConfigurationSignerIsAccepted() {
        OverlayNode target = sim.peers.get(0);
        String signerUser = sim.peers.get(1).signer().identity().userName();
        // the running configuration names the signer (as a deployment's document would)
        target.replaceConfig(withSigner(target.config(), signerUser));
        String doc = new String(SimOverlay.defaultConfig(600), StandardCharsets.UTF_8).replace("sequence=\"1\"", "sequence=\"2\"")
                .replace("<no-ice>true</no-ice>", "<no-ice>true</no-ice><configuration-signer>" + signerUser + "</configuration-signer>");
        ConfigUpdateReq req = new ConfigUpdateReq(ConfigUpdateReq.CONFIG, doc.getBytes(StandardCharsets.UTF_8));
        await(sim.peers.get(1).request(List.of(new Destination.Node(target.self())), MessageCode.CONFIG_UPDATE, req.encode()));
        assertEquals(2, target.config().sequence());
        assertEquals(1, target.counters().get("config-updates-accepted"));
        // the same (no longer newer) document again is refused
        Throwable e = failure(sim.peers.get(1).request(List.of(new Destination.Node(target.self())), MessageCode.CONFIG_UPDATE, req.encode()));
        assertEquals(ErrorCode.CONFIG_TOO_OLD, ((RequestFailedException) e).errorCode());
        target.replaceConfig(sim.config());
    }

    private static org.polycast.reload.internal.config.OverlayConfig withSigner(org.polycast.reload.internal.config.OverlayConfig c, String user) {
        return new org.polycast.reload.internal.config.OverlayConfig(c.instanceName(), c.sequence(), c.topologyPlugin(), c.nodeIdLength(),
                c.rootCertificates(), c.selfSignedPermitted(), c.bootstrapNodes(), c.noIce(), c.maxMessageSize(), c.initialTtl(),
                c.reliabilityTimerMillis(), c.linkProtocol(), c.chordUpdateIntervalSeconds(), c.chordPingIntervalSeconds(), c.chordReactive(),
                List.of(user), c.kinds());
    }
}
