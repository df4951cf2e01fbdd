package org.polycast.reload.internal.message;

import java.util.List;

import org.polycast.reload.internal.wire.ReloadFormatException;
import org.polycast.reload.internal.wire.WireReader;
import org.polycast.reload.internal.wire.WireWriter;

/**
 * StoredDataSpecifier (RFC 6940 §7.4.2.1): which values of a kind a Fetch or Stat wants. Arrays name
 * index ranges, dictionaries keys (none: all keys); single values need nothing. A kind this node does
 * not know keeps {@code model} null.
 */
public record DataSpecifier(long kind, long generation, DataModel model, List<long[]> indices, List<byte[]> keys) {
    public static DataSpecifier single(long kind) {
        return new DataSpecifier(kind, 0, DataModel.SINGLE, List.of(), List.of());
    }

    public static DataSpecifier all(long kind, DataModel model) {
        return new DataSpecifier(kind, 0, model, model == DataModel.ARRAY ? List.of(new long[] {0, StoredDataValue.APPEND}) : List.of(),
                List.of());
    }

    static DataSpecifier read(WireReader r, DataModel.Lookup models) throws ReloadFormatException {
        long kind = r.u32("kind");
        long generation = r.u64("generation");
        WireReader m = r.slice(r.u16("specifier length"), "model specifier");
        DataModel model = models.of(kind);
        List<long[]> indices = List.of();
        List<byte[]> keys = List.of();
        if (model == DataModel.ARRAY) {
            indices = m.vector(2, "indices", x -> new long[] {x.u32("first"), x.u32("last")});
        } else if (model == DataModel.DICTIONARY) {
            keys = m.vector(2, "keys", x -> x.opaque(2, "key"));
        } else if (model == null) {
            m.bytes(m.remaining(), "model specifier");
        }
        m.end("model specifier");
        return new DataSpecifier(kind, generation, model, indices, keys);
    }

    void write(WireWriter w) {
        w.u32(kind).u64(generation);
        int mark = w.begin(2);
        if (model == DataModel.ARRAY) {
            w.vector(2, indices, (ww, i) -> ww.u32(i[0]).u32(i[1]));
        } else if (model == DataModel.DICTIONARY) {
            w.vector(2, keys, (ww, k) -> ww.opaque(2, k));
        }
        w.end(mark, 2);
    }

    /** FetchReq and StatReq share this shape: a resource and specifiers. */
    public record Request(byte[] resource, List<DataSpecifier> specifiers) {
        public static Request decode(byte[] body, DataModel.Lookup models) throws ReloadFormatException {
            WireReader r = new WireReader(body);
            Request q = new Request(r.opaque(1, "resource"), r.vector(2, "specifiers", x -> read(x, models)));
            r.end("fetch/stat request");
            return q;
        }

        public byte[] encode() {
            return new WireWriter().opaque(1, resource).vector(2, specifiers, (w, s) -> s.write(w)).toByteArray();
        }
    }
}
