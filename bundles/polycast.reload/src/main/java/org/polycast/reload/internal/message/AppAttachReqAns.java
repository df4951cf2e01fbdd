package org.polycast.reload.internal.message;

import java.util.List;

import org.polycast.reload.internal.wire.ReloadFormatException;
import org.polycast.reload.internal.wire.WireReader;
import org.polycast.reload.internal.wire.WireWriter;

/** AppAttach request and answer (RFC 6940 §6.5.2): an application connection, e.g. for ALM data links. */
public record AppAttachReqAns(byte[] ufrag, byte[] password, int application, byte[] role, List<IceCandidate> candidates) {
    public static AppAttachReqAns decode(byte[] body) throws ReloadFormatException {
        WireReader r = new WireReader(body);
        AppAttachReqAns a = new AppAttachReqAns(r.opaque(1, "ufrag"), r.opaque(1, "password"), r.u16("application"), r.opaque(1, "role"),
                r.vector(2, "candidates", IceCandidate::read));
        r.end("app_attach");
        return a;
    }

    public byte[] encode() {
        WireWriter w = new WireWriter();
        w.opaque(1, ufrag).opaque(1, password).u16(application).opaque(1, role).vector(2, candidates, (ww, c) -> c.write(ww));
        return w.toByteArray();
    }
}
