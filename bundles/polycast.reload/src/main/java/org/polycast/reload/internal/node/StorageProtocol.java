package org.polycast.reload.internal.node;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.polycast.api.overlay.OverlayClaims;
import org.polycast.reload.internal.config.KindDefinition;
import org.polycast.reload.internal.config.OverlayConfig;
import org.polycast.reload.internal.message.DataModel;
import org.polycast.reload.internal.message.DataSpecifier;
import org.polycast.reload.internal.message.FetchAns;
import org.polycast.reload.internal.message.Find;
import org.polycast.reload.internal.message.StatAns;
import org.polycast.reload.internal.message.StoreAns;
import org.polycast.reload.internal.message.StoreReq;
import org.polycast.reload.internal.message.StoredData;
import org.polycast.reload.internal.message.StoredDataValue;
import org.polycast.reload.internal.security.Identity;
import org.polycast.reload.internal.security.ReloadCertificates;
import org.polycast.reload.internal.security.SignatureCheckException;
import org.polycast.reload.internal.storage.DataStore;
import org.polycast.reload.internal.storage.StoreRefusedException;
import org.polycast.reload.internal.wire.Destination;
import org.polycast.reload.internal.wire.ErrorCode;
import org.polycast.reload.internal.wire.GenericCertificate;
import org.polycast.reload.internal.wire.MessageCode;
import org.polycast.reload.internal.wire.MessageContents;
import org.polycast.reload.internal.wire.NodeId;
import org.polycast.reload.internal.wire.ReloadFormatException;
import org.polycast.reload.internal.wire.Signature;
import org.polycast.reload.internal.wire.WireWriter;

/**
 * The storage methods of RFC 6940 §7 (Store, Fetch, Stat, Find) as server and client: data
 * signatures and access policies checked on every store and every fetched value, replication to the
 * next successors (§10.4), and the hand-over of a range to a peer that joins in front of this one.
 * Replicas and hand-overs travel as Stores with a replica number above 0, so only the data signatures
 * (not the forwarding peer's) are held against the access policy.
 */
public final class StorageProtocol {
    private final OverlayNode node;
    private final DataStore store = new DataStore();
    private long lastStorageTime;

    StorageProtocol(OverlayNode node) {
        this.node = node;
    }

    public int resourceCount() {
        return store.resourceCount();
    }

    void joined() {
        // nothing to do yet: data arrives with the hand-over from the admitting peer
    }

    void maintain() {
        store.expire(node.scheduler().nowMillis());
    }

    // ------------------------------------------------------------------ server side

    void handle(Incoming in) {
        try {
            switch (in.code()) {
                case MessageCode.STORE -> handleStore(in);
                case MessageCode.FETCH -> handleFetch(in);
                case MessageCode.STAT -> handleStat(in);
                case MessageCode.FIND -> handleFind(in);
                default -> node.error(in, ErrorCode.INVALID_MESSAGE, "not a storage request");
            }
        } catch (ReloadFormatException e) {
            node.counters().add("malformed-bodies");
            node.error(in, ErrorCode.INVALID_MESSAGE, e.getMessage());
        }
    }

    private void handleStore(Incoming in) throws ReloadFormatException {
        OverlayConfig c = node.config();
        StoreReq req = StoreReq.decode(in.body(), c::modelOf);
        if (!req.unknownKinds().isEmpty()) {
            node.counters().add("stores-unknown-kind");
            node.respond(in, MessageCode.ERROR, unknownKinds(req.unknownKinds()));
            return;
        }
        boolean replica = req.replicaNumber() > 0;
        try {
            for (StoreReq.KindData k : req.kinds()) {
                KindDefinition kind = c.kinds().get(k.kind());
                if (!replica) {
                    checkPolicy(kind, req.resource(), in.signer(), "the StoreReq signer");
                }
                for (StoredData d : k.values()) {
                    Identity signer = verifyData(req.resource(), k.kind(), d, in.message().security().certificates());
                    checkPolicy(kind, req.resource(), signer, "the data signer");
                    checkNodeKey(kind, d, signer);
                    if (!replica && kind.policy() == org.polycast.reload.internal.config.AccessPolicy.FIRST_CLAIM) {
                        checkClaim(kind, req.resource(), d);
                    }
                }
            }
        } catch (StoreRefusedException e) {
            node.counters().add("stores-refused");
            node.error(in, e.errorCode(), e.getMessage());
            return;
        }
        List<Long> generations;
        try {
            generations = store.store(req.resource(), req.kinds(), c.kinds(), replica);
        } catch (StoreRefusedException e) {
            node.counters().add("stores-refused");
            node.error(in, e.errorCode(), e.getMessage());
            return;
        }
        node.counters().add(replica ? "replicas-stored" : "stores");
        List<NodeId> replicas = replica ? List.of() : replicaPeers();
        List<StoreAns.KindResponse> answers = new ArrayList<>();
        for (int i = 0; i < req.kinds().size(); i++) {
            answers.add(new StoreAns.KindResponse(req.kinds().get(i).kind(), generations.get(i), replicas));
        }
        node.respond(in, MessageCode.answerTo(MessageCode.STORE), new StoreAns(answers).encode());
        if (!replica) {
            for (int i = 0; i < replicas.size(); i++) {
                sendStore(replicas.get(i), new StoreReq(req.resource(), i + 1, withoutGenerations(req.kinds()), List.of()));
            }
        }
    }

    private static List<StoreReq.KindData> withoutGenerations(List<StoreReq.KindData> kinds) {
        return kinds.stream().map(k -> new StoreReq.KindData(k.kind(), 0, k.values())).toList();
    }

    private static byte[] unknownKinds(List<Long> kinds) {
        byte[] info = new WireWriter().vector(1, kinds, WireWriter::u32).toByteArray();
        return new org.polycast.reload.internal.message.ErrorResponse(ErrorCode.UNKNOWN_KIND, info).encode();
    }

    private List<NodeId> replicaPeers() {
        List<NodeId> succ = node.chord().topology().successors();
        return new ArrayList<>(succ.subList(0, Math.min(succ.size(), 2)));
    }

    private Identity verifyData(byte[] resource, long kind, StoredData d, List<GenericCertificate> bucket) throws StoreRefusedException {
        Signature s = d.signature();
        if (s.anonymous()) {
            throw new StoreRefusedException(ErrorCode.FORBIDDEN, "unsigned (anonymous) stored data");
        }
        List<GenericCertificate> certs = new ArrayList<>(bucket);
        GenericCertificate known = node.certificate(s.identity().hash());
        if (known != null) {
            certs.add(known);
        }
        try {
            Identity id = node.verifier().verify(s, StoredData.signedInput(resource, kind, d.storageTime(), d.value(), s.identity()), certs);
            for (GenericCertificate g : bucket) {
                node.remember(g);
            }
            return id;
        } catch (SignatureCheckException e) {
            node.counters().add("bad-data-signature");
            throw new StoreRefusedException(ErrorCode.FORBIDDEN, "stored data signature: " + e.getMessage());
        }
    }

    /**
     * USER-MATCH and NODE-MATCH (§7.3): the resource must be the hash of the signer's user name or Node-ID.
     * POLYCAST-FIRST-CLAIM binds no resource to an identity; {@link #checkClaim} applies instead.
     */
    static void checkPolicy(KindDefinition kind, byte[] resource, Identity signer, String who) throws StoreRefusedException {
        byte[] expected = switch (kind.policy()) {
            case USER_MATCH -> signer.userName() == null ? null : ReloadCertificates.userResource(signer.userName());
            case NODE_MATCH -> NodeId.hash(signer.nodeId().toBytes()).toBytes();
            case FIRST_CLAIM, NODE_KEY -> resource;
        };
        if (expected == null || !Arrays.equals(expected, resource)) {
            throw new StoreRefusedException(ErrorCode.FORBIDDEN, kind.policy().configName() + ": " + who + " ("
                    + (kind.policy() == org.polycast.reload.internal.config.AccessPolicy.USER_MATCH ? signer.userName() : signer.nodeId().shortHex())
                    + ") may not write this resource of kind " + kind.name());
        }
    }

    /** POLYCAST-NODE-KEY: a dictionary entry's key must be its signer's Node-ID in hex. */
    static void checkNodeKey(KindDefinition kind, StoredData d, Identity signer) throws StoreRefusedException {
        if (kind.policy() != org.polycast.reload.internal.config.AccessPolicy.NODE_KEY) {
            return;
        }
        if (!(d.value() instanceof StoredDataValue.DictionaryEntry entry)) {
            throw new StoreRefusedException(ErrorCode.INVALID_MESSAGE, kind.name() + " (POLYCAST-NODE-KEY) holds dictionary entries only");
        }
        if (!Arrays.equals(entry.key(), signer.nodeId().toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
            throw new StoreRefusedException(ErrorCode.FORBIDDEN, "POLYCAST-NODE-KEY: " + signer.nodeId().shortHex() + " may write only the entry keyed by its own Node-ID in "
                    + kind.name());
        }
    }

    /**
     * POLYCAST-FIRST-CLAIM: a claim is accepted where nothing live is stored or the live claim has the
     * same key; a removal only from the peer that signed the live claim. Checked by the responsible peer
     * only: its replicas take what it sends them.
     */
    private void checkClaim(KindDefinition kind, byte[] resource, StoredData d) throws StoreRefusedException {
        if (!(d.value() instanceof StoredDataValue.Single single)) {
            throw new StoreRefusedException(ErrorCode.INVALID_MESSAGE, kind.name() + " (POLYCAST-FIRST-CLAIM) holds single values only");
        }
        byte[] key = single.exists() ? OverlayClaims.key(single.value()) : null;
        if (single.exists() && key == null) {
            throw new StoreRefusedException(ErrorCode.INVALID_MESSAGE, "a " + kind.name() + " value must start with its claim key (opaque<0..2^16-1>)");
        }
        StoredData live = store.liveSingle(resource, kind.id(), node.scheduler().nowMillis());
        if (live == null || !(live.value() instanceof StoredDataValue.Single held) || !held.exists()) {
            return;
        }
        if (!single.exists()) {
            if (live.signature().anonymous() || !Arrays.equals(live.signature().identity().hash(), d.signature().identity().hash())) {
                throw new StoreRefusedException(ErrorCode.FORBIDDEN, "only the claimant may remove a " + kind.name() + " claim");
            }
            return;
        }
        byte[] heldKey = OverlayClaims.key(held.value());
        if (!Arrays.equals(heldKey, key)) {
            node.counters().add("claims-refused");
            throw new StoreRefusedException(ErrorCode.FORBIDDEN, "claimed by another key ("
                    + (heldKey == null ? "?" : new String(heldKey, java.nio.charset.StandardCharsets.UTF_8)) + ") until its lease ends");
        }
    }

    /** A Fetch or Stat request, or null after answering Error_Unknown_Kind for kinds this overlay does not define. */
    private DataSpecifier.Request knownKinds(Incoming in) throws ReloadFormatException {
        DataSpecifier.Request req = DataSpecifier.Request.decode(in.body(), node.config()::modelOf);
        List<Long> unknown = req.specifiers().stream().filter(s -> s.model() == null).map(DataSpecifier::kind).toList();
        if (!unknown.isEmpty()) {
            node.respond(in, MessageCode.ERROR, unknownKinds(unknown));
            return null;
        }
        return req;
    }

    private void handleFetch(Incoming in) throws ReloadFormatException {
        DataSpecifier.Request req = knownKinds(in);
        if (req == null) {
            return;
        }
        List<FetchAns.KindResponse> kinds = new ArrayList<>();
        Set<GenericCertificate> certs = new LinkedHashSet<>();
        for (DataSpecifier s : req.specifiers()) {
            FetchAns.KindResponse r = store.fetch(req.resource(), s, node.scheduler().nowMillis());
            kinds.add(r);
            for (StoredData d : r.values()) {
                if (!d.signature().anonymous()) {
                    GenericCertificate g = node.certificate(d.signature().identity().hash());
                    if (g != null) {
                        certs.add(g);
                    }
                }
            }
        }
        node.counters().add("fetches");
        node.respond(in, new MessageContents(MessageCode.answerTo(MessageCode.FETCH), new FetchAns(kinds).encode()), new ArrayList<>(certs));
    }

    private void handleStat(Incoming in) throws ReloadFormatException {
        DataSpecifier.Request req = knownKinds(in);
        if (req == null) {
            return;
        }
        List<StatAns.KindResponse> kinds = new ArrayList<>();
        for (DataSpecifier s : req.specifiers()) {
            FetchAns.KindResponse r = store.fetch(req.resource(), s, node.scheduler().nowMillis());
            List<StatAns.MetaData> meta = new ArrayList<>();
            for (StoredData d : r.values()) {
                StoredDataValue v = d.value();
                long index = v instanceof StoredDataValue.ArrayEntry a ? a.index() : 0;
                byte[] key = v instanceof StoredDataValue.DictionaryEntry e ? e.key() : new byte[0];
                meta.add(new StatAns.MetaData(d.storageTime(), d.lifetime(), s.model(), index, key, v.exists(), v.value().length,
                        org.polycast.reload.internal.wire.SignerIdentity.SHA256, ReloadCertificates.sha256(v.value())));
            }
            kinds.add(new StatAns.KindResponse(s.kind(), r.generation(), meta));
        }
        node.respond(in, MessageCode.answerTo(MessageCode.STAT), new StatAns(kinds).encode());
    }

    private void handleFind(Incoming in) throws ReloadFormatException {
        Find.Request req = Find.Request.decode(in.body());
        NodeId from = NodeId.prefixOf(req.resource());
        List<Find.Result> results = new ArrayList<>();
        for (long kind : req.kinds()) {
            if (node.config().modelOf(kind) == null) {
                node.respond(in, MessageCode.ERROR, unknownKinds(List.of(kind)));
                return;
            }
            byte[] closest = store.closest(from, kind, node.self());
            results.add(new Find.Result(kind, closest == null ? new byte[0] : closest));
        }
        node.respond(in, MessageCode.answerTo(MessageCode.FIND), Find.answer(results));
    }

    // ------------------------------------------------------------------ replication and hand-over

    /** Sends the data of (oldPredecessor, joining] to the peer that now takes that range. */
    void handOver(NodeId joining, NodeId oldPredecessor) {
        for (StoreReq r : store.snapshot(p -> p.inHalfOpen(oldPredecessor, joining), 1)) {
            node.counters().add("handed-over");
            sendStore(joining, r);
        }
    }

    /** Copies what this peer is responsible for to its next successors (replica numbers 1, 2). */
    void replicate() {
        List<NodeId> preds = node.chord().topology().predecessors();
        if (preds.isEmpty()) {
            return;
        }
        NodeId from = preds.get(0);
        List<NodeId> targets = replicaPeers();
        for (int i = 0; i < targets.size(); i++) {
            for (StoreReq r : store.snapshot(p -> p.inHalfOpen(from, node.self()), i + 1)) {
                node.counters().add("replicas-sent");
                sendStore(targets.get(i), r);
            }
        }
    }

    private void sendStore(NodeId to, StoreReq r) {
        node.scheduler().execute(() -> {
            List<GenericCertificate> certs = new ArrayList<>();
            for (StoreReq.KindData k : r.kinds()) {
                for (StoredData d : k.values()) {
                    GenericCertificate g = node.certificate(d.signature().identity().hash());
                    if (g != null && !certs.contains(g)) {
                        certs.add(g);
                    }
                }
            }
            node.requestWithCertificates(List.of(new Destination.Node(to)), MessageCode.STORE, r.encode(), certs).whenComplete((in, e) -> {
                if (e != null) {
                    node.counters().add("replication-failures");
                }
            });
        });
    }

    // ------------------------------------------------------------------ client side

    /** What a store achieved: the responsible peer that answered, and its answer (generations, replicas). */
    public record Stored(NodeId responder, StoreAns answer) {
    }

    /** Signs and stores values of one kind at a resource; lifetime in seconds. */
    public CompletableFuture<Stored> store(byte[] resource, KindDefinition kind, List<StoredDataValue> values, long lifetimeSeconds) {
        CompletableFuture<Stored> result = new CompletableFuture<>();
        node.execute(() -> {
            long time = Math.max(node.scheduler().nowMillis(), lastStorageTime + 1);
            lastStorageTime = time;
            List<StoredData> data = new ArrayList<>();
            for (StoredDataValue v : values) {
                Signature s = node.signer().sign(StoredData.signedInput(resource, kind.id(), time, v, node.signer().signerIdentity()));
                data.add(new StoredData(time, lifetimeSeconds, v, s));
            }
            StoreReq req = new StoreReq(resource, 0, List.of(new StoreReq.KindData(kind.id(), 0, data)), List.of());
            node.request(List.of(new Destination.Resource(resource)), MessageCode.STORE, req.encode()).whenComplete((in, e) -> {
                if (e != null) {
                    result.completeExceptionally(e);
                    return;
                }
                try {
                    result.complete(new Stored(in.signer().nodeId(), StoreAns.decode(in.body())));
                } catch (ReloadFormatException x) {
                    result.completeExceptionally(new RequestFailedException(ErrorCode.INVALID_MESSAGE, "store answer: " + x.getMessage()));
                }
            });
        });
        return result;
    }

    /** What a fetch found: the values (signatures and policy verified), their signers (null for absent values) and who answered. */
    public record Fetched(NodeId responder, long generation, List<StoredData> values, List<NodeId> signers) {
    }

    /** Fetches and verifies; a value whose signature or policy fails makes the whole fetch fail, loudly. */
    public CompletableFuture<Fetched> fetch(byte[] resource, DataSpecifier spec) {
        CompletableFuture<Fetched> result = new CompletableFuture<>();
        node.request(List.of(new Destination.Resource(resource)), MessageCode.FETCH, new DataSpecifier.Request(resource, List.of(spec)).encode())
                .whenComplete((in, e) -> {
                    if (e != null) {
                        result.completeExceptionally(e);
                        return;
                    }
                    try {
                        FetchAns ans = FetchAns.decode(in.body(), node.config()::modelOf);
                        KindDefinition kind = node.config().kinds().get(spec.kind());
                        List<StoredData> values = new ArrayList<>();
                        List<NodeId> signers = new ArrayList<>();
                        long generation = 0;
                        for (FetchAns.KindResponse k : ans.kinds()) {
                            generation = k.generation();
                            for (StoredData d : k.values()) {
                                NodeId signedBy = null;
                                if (!d.signature().anonymous()) {
                                    Identity signer = verifyData(resource, k.kind(), d, in.message().security().certificates());
                                    checkPolicy(kind, resource, signer, "the data signer");
                                    checkNodeKey(kind, d, signer);
                                    signedBy = signer.nodeId();
                                }
                                values.add(d);
                                signers.add(signedBy);
                            }
                        }
                        result.complete(new Fetched(in.signer().nodeId(), generation, values, signers));
                    } catch (ReloadFormatException | StoreRefusedException x) {
                        node.counters().add("fetched-data-rejected");
                        result.completeExceptionally(new RequestFailedException(ErrorCode.FORBIDDEN, "fetched data rejected: " + x.getMessage()));
                    }
                });
        return result;
    }

    public CompletableFuture<StatAns> stat(byte[] resource, DataSpecifier spec) {
        return node.request(List.of(new Destination.Resource(resource)), MessageCode.STAT, new DataSpecifier.Request(resource, List.of(spec)).encode())
                .thenApply(in -> {
                    try {
                        return StatAns.decode(in.body(), node.config()::modelOf);
                    } catch (ReloadFormatException x) {
                        throw new java.util.concurrent.CompletionException(x);
                    }
                });
    }

    public CompletableFuture<List<Find.Result>> find(byte[] resource, List<Long> kinds) {
        return node.request(List.of(new Destination.Resource(resource)), MessageCode.FIND, new Find.Request(resource, kinds).encode())
                .thenApply(in -> {
                    try {
                        return Find.decodeAnswer(in.body());
                    } catch (ReloadFormatException x) {
                        throw new java.util.concurrent.CompletionException(x);
                    }
                });
    }

    public DataModel modelAt(byte[] resource, long kind) {
        return store.modelAt(resource, kind);
    }
}
