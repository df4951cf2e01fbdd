package org.polycast.reload.internal.message;

import java.util.List;

import org.polycast.reload.internal.wire.ReloadFormatException;
import org.polycast.reload.internal.wire.WireReader;
import org.polycast.reload.internal.wire.WireWriter;

/** Find (RFC 6940 §7.4.4): for each kind, the closest Resource-ID at or after the requested one that this peer stores. */
public final class Find {
    private Find() {
    }

    /** The request. */
    public record Request(byte[] resource, List<Long> kinds) {
        public static Request decode(byte[] body) throws ReloadFormatException {
            WireReader r = new WireReader(body);
            Request q = new Request(r.opaque(1, "resource"), r.vector(1, "kinds", x -> x.u32("kind")));
            r.end("find_req");
            return q;
        }

        public byte[] encode() {
            return new WireWriter().opaque(1, resource).vector(1, kinds, WireWriter::u32).toByteArray();
        }
    }

    /** One kind's result; an empty resource means none. */
    public record Result(long kind, byte[] closest) {
    }

    public static byte[] answer(List<Result> results) {
        return new WireWriter().vector(2, results, (w, k) -> w.u32(k.kind).opaque(1, k.closest)).toByteArray();
    }

    public static List<Result> decodeAnswer(byte[] body) throws ReloadFormatException {
        WireReader r = new WireReader(body);
        List<Result> out = r.vector(2, "results", x -> new Result(x.u32("kind"), x.opaque(1, "closest")));
        r.end("find_ans");
        return out;
    }
}
