package org.polycast.reload.internal.message;

import java.util.List;

import org.polycast.reload.internal.wire.ReloadFormatException;
import org.polycast.reload.internal.wire.WireReader;
import org.polycast.reload.internal.wire.WireWriter;

/**
 * StoreReq (RFC 6940 §7.4.1): a resource, the replica number (0 for the original store), and per kind
 * the generation counter and values. Values of a kind this node does not know are skipped and the kind
 * is listed in {@code unknownKinds}, so the node can answer Error_Unknown_Kind.
 */
public record StoreReq(byte[] resource, int replicaNumber, List<KindData> kinds, List<Long> unknownKinds) {
    /** The values of one kind. */
    public record KindData(long kind, long generation, List<StoredData> values) {
        void write(WireWriter w) {
            w.u32(kind).u64(generation).vector(4, values, (ww, v) -> v.write(ww));
        }
    }

    public static StoreReq decode(byte[] body, DataModel.Lookup models) throws ReloadFormatException {
        WireReader r = new WireReader(body);
        byte[] resource = r.opaque(1, "resource");
        int replica = r.u8("replica_number");
        List<Long> unknown = new java.util.ArrayList<>();
        List<KindData> kinds = r.vector(4, "kind_data", x -> {
            long kind = x.u32("kind");
            long generation = x.u64("generation_counter");
            DataModel model = models.of(kind);
            if (model == null) {
                unknown.add(kind);
                x.opaque(4, "values");
                return null;
            }
            return new KindData(kind, generation, x.vector(4, "values", v -> StoredData.read(v, model)));
        });
        r.end("store_req");
        kinds.removeIf(java.util.Objects::isNull);
        return new StoreReq(resource, replica, kinds, unknown);
    }

    public byte[] encode() {
        WireWriter w = new WireWriter();
        w.opaque(1, resource).u8(replicaNumber).vector(4, kinds, (ww, k) -> k.write(ww));
        return w.toByteArray();
    }
}
