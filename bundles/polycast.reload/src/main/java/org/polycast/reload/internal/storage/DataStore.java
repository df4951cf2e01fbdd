package org.polycast.reload.internal.storage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.polycast.reload.internal.config.KindDefinition;
import org.polycast.reload.internal.message.DataModel;
import org.polycast.reload.internal.message.DataSpecifier;
import org.polycast.reload.internal.message.FetchAns;
import org.polycast.reload.internal.message.StoreReq;
import org.polycast.reload.internal.message.StoredData;
import org.polycast.reload.internal.message.StoredDataValue;
import org.polycast.reload.internal.wire.NodeId;
import org.polycast.reload.internal.wire.Signature;

/**
 * What this peer stores, as the responsible peer or as a replica: resource → kind → values. Access
 * control and signatures are checked by the node before a store reaches here.
 */
public final class DataStore {
    /** The kinds stored at one resource. */
    private static final class Resource {
        final byte[] id;
        final Map<Long, KindValues> kinds = new HashMap<>();

        Resource(byte[] id) {
            this.id = id;
        }
    }

    private final TreeMap<NodeId, Map<ByteBuffer, Resource>> byPosition = new TreeMap<>();

    /** Stores the values of each kind atomically across kinds; returns each kind's new generation. */
    public List<Long> store(byte[] resource, List<StoreReq.KindData> kinds, Map<Long, KindDefinition> definitions, boolean replica)
            throws StoreRefusedException {
        Resource r = resource(resource, true);
        // Check on copies first, so that one refused kind leaves every kind untouched.
        for (StoreReq.KindData k : kinds) {
            KindValues trial = copy(r.kinds.get(k.kind()), definitions.get(k.kind()));
            trial.store(k.generation(), k.values(), replica);
        }
        List<Long> generations = new ArrayList<>();
        for (StoreReq.KindData k : kinds) {
            KindValues v = r.kinds.computeIfAbsent(k.kind(), id -> new KindValues(definitions.get(id)));
            generations.add(v.store(k.generation(), k.values(), replica));
        }
        return generations;
    }

    private static KindValues copy(KindValues existing, KindDefinition kind) throws StoreRefusedException {
        KindValues c = new KindValues(kind);
        if (existing != null) {
            c.store(0, existing.all(), true);
        }
        return c;
    }

    private Resource resource(byte[] id, boolean create) {
        NodeId position = NodeId.prefixOf(id);
        Map<ByteBuffer, Resource> at = create ? byPosition.computeIfAbsent(position, p -> new HashMap<>()) : byPosition.get(position);
        if (at == null) {
            return null;
        }
        ByteBuffer key = ByteBuffer.wrap(id);
        return create ? at.computeIfAbsent(key, k -> new Resource(id.clone())) : at.get(key);
    }

    /** The single value of a kind at a resource, unless absent or expired (expired values are dropped here). */
    public StoredData liveSingle(byte[] resourceId, long kind, long now) {
        Resource r = resource(resourceId, false);
        KindValues v = r == null ? null : r.kinds.get(kind);
        if (v == null) {
            return null;
        }
        v.expire(now);
        return v.single();
    }

    /**
     * The values a specifier asks for; absent single values and dictionary keys come back synthesised as exists=false.
     * {@code nowMillis} is the node's clock (the wall clock, storage_time's, on a live node; virtual in the simulation).
     */
    public FetchAns.KindResponse fetch(byte[] resourceId, DataSpecifier spec, long nowMillis) {
        Resource r = resource(resourceId, false);
        KindValues v = r == null ? null : r.kinds.get(spec.kind());
        if (v != null) {
            // Leases end on time, not at the next maintenance round.
            v.expire(nowMillis);
        }
        long generation = v == null ? 0 : v.generation();
        if (v != null && spec.generation() != 0 && spec.generation() == generation) {
            return new FetchAns.KindResponse(spec.kind(), generation, List.of());
        }
        List<StoredData> out = new ArrayList<>();
        switch (spec.model()) {
            case SINGLE -> out.add(v != null && v.single() != null ? v.single() : absent(new StoredDataValue.Single(false, new byte[0])));
            case ARRAY -> {
                if (v != null) {
                    for (long[] range : spec.indices()) {
                        out.addAll(v.range(range[0], range[1]));
                    }
                }
            }
            case DICTIONARY -> {
                if (spec.keys().isEmpty()) {
                    if (v != null) {
                        out.addAll(v.all());
                    }
                } else {
                    for (byte[] key : spec.keys()) {
                        StoredData d = v == null ? null : v.key(key);
                        out.add(d != null ? d : absent(new StoredDataValue.DictionaryEntry(key, false, new byte[0])));
                    }
                }
            }
        }
        return new FetchAns.KindResponse(spec.kind(), generation, out);
    }

    private static StoredData absent(StoredDataValue v) {
        return new StoredData(0, 0, v, Signature.ANONYMOUS);
    }

    /** The smallest stored Resource-ID at or after {@code from} holding the kind (Find), or null. */
    public byte[] closest(NodeId from, long kind, NodeId upTo) {
        for (Map.Entry<NodeId, Map<ByteBuffer, Resource>> e : byPosition.tailMap(from, true).entrySet()) {
            if (!e.getKey().equals(from) && !e.getKey().inHalfOpen(from, upTo)) {
                break;
            }
            for (Resource r : e.getValue().values()) {
                if (r.kinds.containsKey(kind)) {
                    return r.id;
                }
            }
        }
        return null;
    }

    /** Everything stored, as store requests (for replication and hand-over); {@code filter} picks positions. */
    public List<StoreReq> snapshot(java.util.function.Predicate<NodeId> filter, int replicaNumber) {
        List<StoreReq> out = new ArrayList<>();
        for (Map.Entry<NodeId, Map<ByteBuffer, Resource>> e : byPosition.entrySet()) {
            if (!filter.test(e.getKey())) {
                continue;
            }
            for (Resource r : e.getValue().values()) {
                List<StoreReq.KindData> kinds = new ArrayList<>();
                r.kinds.forEach((kind, v) -> kinds.add(new StoreReq.KindData(kind, 0, v.all())));
                out.add(new StoreReq(r.id, replicaNumber, kinds, List.of()));
            }
        }
        return out;
    }

    /** Drops what no longer belongs here (after a hand-over); returns how many resources were dropped. */
    public int drop(java.util.function.Predicate<NodeId> filter) {
        int before = resourceCount();
        byPosition.keySet().removeIf(filter);
        return before - resourceCount();
    }

    public void expire(long now) {
        byPosition.values().forEach(at -> at.values().removeIf(r -> {
            r.kinds.values().removeIf(v -> v.expire(now));
            return r.kinds.isEmpty();
        }));
        byPosition.values().removeIf(Map::isEmpty);
    }

    public int resourceCount() {
        return byPosition.values().stream().mapToInt(Map::size).sum();
    }

    public DataModel modelAt(byte[] resource, long kind) {
        Resource r = resource(resource, false);
        KindValues v = r == null ? null : r.kinds.get(kind);
        return v == null ? null : v.kind().model();
    }
}
