package org.polycast.reload.internal.wire;

import java.util.List;

/** The certificates needed to check the message's (and its stored data's) signatures, and the message signature (RFC 6940 §6.3.4). */
public record SecurityBlock(List<GenericCertificate> certificates, Signature signature) {
    static SecurityBlock read(WireReader r) throws ReloadFormatException {
        return new SecurityBlock(r.vector(2, "certificates", GenericCertificate::read), Signature.read(r));
    }

    void write(WireWriter w) {
        w.vector(2, certificates, (ww, c) -> c.write(ww));
        signature.write(w);
    }
}
