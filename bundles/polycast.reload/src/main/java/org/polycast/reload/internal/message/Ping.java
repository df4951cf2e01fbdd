package org.polycast.reload.internal.message;

import org.polycast.reload.internal.wire.ReloadFormatException;
import org.polycast.reload.internal.wire.WireReader;
import org.polycast.reload.internal.wire.WireWriter;

/** Ping (RFC 6940 §6.5.3): the request carries padding, the answer a response id and the answerer's clock. */
public final class Ping {
    private Ping() {
    }

    public static byte[] request(byte[] padding) {
        return new WireWriter().opaque(2, padding).toByteArray();
    }

    public static void checkRequest(byte[] body) throws ReloadFormatException {
        WireReader r = new WireReader(body);
        r.opaque(2, "padding");
        r.end("ping_req");
    }

    /** The answer's two fields. */
    public record Answer(long responseId, long timeMillis) {
        public static Answer decode(byte[] body) throws ReloadFormatException {
            WireReader r = new WireReader(body);
            Answer a = new Answer(r.u64("response_id"), r.u64("time"));
            r.end("ping_ans");
            return a;
        }

        public byte[] encode() {
            return new WireWriter(16).u64(responseId).u64(timeMillis).toByteArray();
        }
    }
}
