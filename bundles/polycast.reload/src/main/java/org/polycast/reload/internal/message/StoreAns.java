package org.polycast.reload.internal.message;

import java.util.List;

import org.polycast.reload.internal.wire.NodeId;
import org.polycast.reload.internal.wire.ReloadFormatException;
import org.polycast.reload.internal.wire.WireReader;
import org.polycast.reload.internal.wire.WireWriter;

/** StoreAns (RFC 6940 §7.4.1.2): per kind the new generation counter and the peers holding replicas. */
public record StoreAns(List<KindResponse> kinds) {
    /** One kind's result. */
    public record KindResponse(long kind, long generation, List<NodeId> replicas) {
    }

    public static StoreAns decode(byte[] body) throws ReloadFormatException {
        WireReader r = new WireReader(body);
        StoreAns a = new StoreAns(r.vector(2, "kind_responses", x -> new KindResponse(x.u32("kind"), x.u64("generation_counter"),
                x.vector(2, "replicas", n -> NodeId.read(n, "replica")))));
        r.end("store_ans");
        return a;
    }

    public byte[] encode() {
        return new WireWriter().vector(2, kinds, (w, k) -> w.u32(k.kind).u64(k.generation).vector(2, k.replicas, (ww, n) -> n.write(ww)))
                .toByteArray();
    }
}
