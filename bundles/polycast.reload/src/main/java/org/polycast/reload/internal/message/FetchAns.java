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

    public static FetchAns decode(byte[] body, DataModel.Lookup models) throws ReloadFormatException {
        WireReader r = new WireReader(body);
        FetchAns a = new FetchAns(r.vector(4, "kind_responses", x -> {
            long kind = x.u32("kind");
            long generation = x.u64("generation");
            DataModel model = models.of(kind);
            if (model == null) {
                throw new ReloadFormatException("fetch answer for kind " + kind + ", which this node does not know");
            }
            return new KindResponse(kind, generation, x.vector(4, "values", v -> StoredData.read(v, model)));
        }));
        r.end("fetch_ans");
        return a;
    }

    public byte[] encode() {
        return new WireWriter().vector(4, kinds, (w, k) -> w.u32(k.kind).u64(k.generation).vector(4, k.values, (ww, v) -> v.write(ww)))
                .toByteArray();
    }
}
