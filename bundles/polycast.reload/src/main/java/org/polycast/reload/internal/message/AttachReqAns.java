package org.polycast.reload.internal.message;

import java.util.List;

import org.polycast.reload.internal.wire.ReloadFormatException;
import org.polycast.reload.internal.wire.WireReader;
import org.polycast.reload.internal.wire.WireWriter;

/**
 * Attach request and answer (RFC 6940 §6.5.1): the requester is "passive" and becomes the TLS server,
 * the answerer is "active" and connects to one of the requester's candidates.
 */
public record AttachReqAns(byte[] ufrag, byte[] password, byte[] role, List<IceCandidate> candidates, boolean sendUpdate) {
    private static final byte[] PASSIVE = "passive".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] ACTIVE = "active".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** The role "passive" (a copy: arrays cannot be constants). */
    public static byte[] passive() {
        return PASSIVE.clone();
    }

    /** The role "active". */
    public static byte[] active() {
        return ACTIVE.clone();
    }

    public static AttachReqAns decode(byte[] body) throws ReloadFormatException {
        WireReader r = new WireReader(body);
        AttachReqAns a = new AttachReqAns(r.opaque(1, "ufrag"), r.opaque(1, "password"), r.opaque(1, "role"),
                r.vector(2, "candidates", IceCandidate::read), r.bool("send_update"));
        r.end("attach");
        return a;
    }

    public byte[] encode() {
        WireWriter w = new WireWriter();
        w.opaque(1, ufrag).opaque(1, password).opaque(1, role).vector(2, candidates, (ww, c) -> c.write(ww)).bool(sendUpdate);
        return w.toByteArray();
    }
}
