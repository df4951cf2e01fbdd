package org.polycast.reload.internal.message;

import org.polycast.reload.internal.wire.ReloadFormatException;
import org.polycast.reload.internal.wire.WireReader;
import org.polycast.reload.internal.wire.WireWriter;

/** ConfigUpdateReq (RFC 6940 §6.5.4): a whole configuration document (type 1) or kind descriptions (type 2). */
public record ConfigUpdateReq(int type, byte[] data) {
    public static final int CONFIG = 1;
    public static final int KIND = 2;

    public static ConfigUpdateReq decode(byte[] body) throws ReloadFormatException {
        WireReader r = new WireReader(body);
        int type = r.u8("config update type");
        WireReader rest = r.slice((int) Math.min(Integer.MAX_VALUE, r.u32("config update length")), "config update");
        r.end("config_update_req");
        byte[] data = switch (type) {
            case CONFIG -> rest.opaque(3, "config_data");
            case KIND -> rest.bytes(rest.remaining(), "kinds");
            default -> throw new ReloadFormatException("config update type " + type + " is neither config (1) nor kind (2)");
        };
        rest.end("config update");
        return new ConfigUpdateReq(type, data);
    }

    public byte[] encode() {
        WireWriter w = new WireWriter(data.length + 16);
        w.u8(type);
        int mark = w.begin(4);
        if (type == CONFIG) {
            w.opaque(3, data);
        } else {
            w.bytes(data);
        }
        return w.end(mark, 4).toByteArray();
    }
}
