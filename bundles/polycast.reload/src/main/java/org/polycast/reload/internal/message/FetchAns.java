package org.polycast.reload.internal.message;

import java.util.List;

import org.polycast.reload.internal.wire.ReloadFormatException;
import org.polycast.reload.internal.wire.WireReader;
import org.polycast.reload.internal.wire.WireWriter;

/** FetchAns (RFC 6940 §7.4.2.2): per kind the generation and the values asked for. */
public record FetchAns(List<KindResponse> kinds) {
    /** One kind's values. */
    public record KindResponse(long kind, long generation, List<StoredData> values) {
    }

    /** Reads one kind's part of a Fetch or Stat answer, whose values need the kind's data model to be read. */
    @FunctionalInterface
    interface KindReader<T> {
        T read(long kind, long generation, DataModel model, WireReader values) throws ReloadFormatException;
    }

    static <T> List<T> kindResponses(byte[] body, DataModel.Lookup models, String structure, KindReader<T> reader) throws ReloadFormatException {
        WireReader r = new WireReader(body);
        List<T> out = r.vector(4, "kind_responses", x -> {
            long kind = x.u32("kind");
            long generation = x.u64("generation");
            DataModel model = models.of(kind);
            if (model == null) {
                throw new ReloadFormatException(structure + " for kind " + kind + ", which this node does not know");
            }
            return reader.read(kind, generation, model, x);
        });
        r.end(structure);
        return out;
    }

    public static FetchAns decode(byte[] body, DataModel.Lookup models) throws ReloadFormatException {
        return new FetchAns(kindResponses(body, models, "fetch_ans",
                (kind, generation, model, x) -> new KindResponse(kind, generation, x.vector(4, "values", v -> StoredData.read(v, model)))));
    }

    public byte[] encode() {
        return new WireWriter().vector(4, kinds, (w, k) -> w.u32(k.kind).u64(k.generation).vector(4, k.values, (ww, v) -> v.write(ww)))
                .toByteArray();
    }
}
