package org.polycast.reload.internal.message;

import org.polycast.reload.internal.wire.ReloadFormatException;
import org.polycast.reload.internal.wire.Signature;
import org.polycast.reload.internal.wire.WireReader;
import org.polycast.reload.internal.wire.WireWriter;

/**
 * StoredData (RFC 6940 §7): when it was stored (ms since the epoch), how long it lives (s), the value,
 * and the storing user's signature over resource, kind, storage time, value and signer.
 */
public record StoredData(long storageTime, long lifetime, StoredDataValue value, Signature signature) {
    public static StoredData read(WireReader r, DataModel model) throws ReloadFormatException {
        WireReader body = r.slice((int) Math.min(Integer.MAX_VALUE, r.u32("stored data length")), "stored data");
        StoredData d = new StoredData(body.u64("storage_time"), body.u32("lifetime"), StoredDataValue.read(body, model), Signature.read(body));
        body.end("stored data");
        return d;
    }

    public void write(WireWriter w) {
        int mark = w.begin(4);
        w.u64(storageTime).u32(lifetime);
        value.write(w);
        signature.write(w);
        w.end(mark, 4);
    }

    /** What the data signature covers (§7.1): resource, kind, storage time, the value (array index zeroed), signer. */
    public static byte[] signedInput(byte[] resourceId, long kind, long storageTime, StoredDataValue value,
            org.polycast.reload.internal.wire.SignerIdentity signer) {
        WireWriter w = new WireWriter(value.value().length + 64);
        w.opaque(1, resourceId).u32(kind).u64(storageTime);
        value.forSigning().write(w);
        signer.write(w);
        return w.toByteArray();
    }

    public boolean expiredAt(long nowMillis) {
        return storageTime + lifetime * 1000 < nowMillis;
    }
}
