package org.polycast.reload.internal.message;

import java.util.List;

import org.polycast.reload.internal.wire.ReloadFormatException;
import org.polycast.reload.internal.wire.WireReader;
import org.polycast.reload.internal.wire.WireWriter;

/** StatAns (RFC 6940 §7.4.3.2): metadata instead of values: size, times, and a SHA-256 of each value. */
public record StatAns(List<KindResponse> kinds) {
    /** One value's metadata; {@code index} or {@code key} by the kind's model. */
    public record MetaData(long storageTime, long lifetime, DataModel model, long index, byte[] key, boolean exists, long valueLength,
            int hashAlgorithm, byte[] hash) {
        void write(WireWriter w) {
            int mark = w.begin(4);
            w.u64(storageTime).u32(lifetime);
            if (model == DataModel.ARRAY) {
                w.u32(index);
            } else if (model == DataModel.DICTIONARY) {
                w.opaque(2, key);
            }
            w.bool(exists).u32(valueLength).u8(hashAlgorithm).opaque(1, hash);
            w.end(mark, 4);
        }

        static MetaData read(WireReader r, DataModel model) throws ReloadFormatException {
            WireReader m = r.slice((int) Math.min(Integer.MAX_VALUE, r.u32("metadata length")), "stored metadata");
            long time = m.u64("storage_time");
            long lifetime = m.u32("lifetime");
            long index = model == DataModel.ARRAY ? m.u32("index") : 0;
            byte[] key = model == DataModel.DICTIONARY ? m.opaque(2, "key") : new byte[0];
            MetaData d = new MetaData(time, lifetime, model, index, key, m.bool("exists"), m.u32("value_length"), m.u8("hash_algorithm"),
                    m.opaque(1, "hash_value"));
            m.end("stored metadata");
            return d;
        }
    }

    /** One kind's metadata. */
    public record KindResponse(long kind, long generation, List<MetaData> values) {
    }

    public static StatAns decode(byte[] body, DataModel.Lookup models) throws ReloadFormatException {
        return new StatAns(FetchAns.kindResponses(body, models, "stat_ans",
                (kind, generation, model, x) -> new KindResponse(kind, generation, x.vector(4, "values", v -> MetaData.read(v, model)))));
    }

    public byte[] encode() {
        return new WireWriter().vector(4, kinds, (w, k) -> w.u32(k.kind).u64(k.generation).vector(4, k.values, (ww, v) -> v.write(ww)))
                .toByteArray();
    }
}
