package org.polycast.reload.internal.message;

import java.util.List;

import org.polycast.reload.internal.wire.ReloadFormatException;
import org.polycast.reload.internal.wire.WireReader;
import org.polycast.reload.internal.wire.WireWriter;

/** Probe (RFC 6940 §6.4.2.5): which facts are asked for, and the answered facts (each a uint32). */
public final class Probe {
    public static final int RESPONSIBLE_SET = 1;
    public static final int NUM_RESOURCES = 2;
    public static final int UPTIME = 3;

    private Probe() {
    }

    /** One answered fact. */
    public record Information(int type, long value) {
    }

    public static byte[] request(List<Integer> types) {
        return new WireWriter().vector(1, types, WireWriter::u8).toByteArray();
    }

    public static List<Integer> decodeRequest(byte[] body) throws ReloadFormatException {
        WireReader r = new WireReader(body);
        List<Integer> types = r.vector(1, "requested_info", x -> x.u8("probe information type"));
        r.end("probe_req");
        return types;
    }

    public static byte[] answer(List<Information> info) {
        return new WireWriter().vector(2, info, (w, i) -> w.u8(i.type).u8(4).u32(i.value)).toByteArray();
    }

    public static List<Information> decodeAnswer(byte[] body) throws ReloadFormatException {
        WireReader r = new WireReader(body);
        List<Information> info = r.vector(2, "probe_info", x -> {
            int type = x.u8("probe type");
            WireReader v = x.slice(x.u8("probe length"), "probe value");
            Information i = new Information(type, v.u32("probe value"));
            v.end("probe information");
            return i;
        });
        r.end("probe_ans");
        return info;
    }
}
