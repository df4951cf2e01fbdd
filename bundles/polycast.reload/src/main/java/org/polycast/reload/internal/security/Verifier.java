package org.polycast.reload.internal.security;

import java.util.List;

import org.polycast.reload.internal.wire.GenericCertificate;
import org.polycast.reload.internal.wire.Signature;

/** Checks a signature against the certificate it names, which must be trusted by this overlay. */
public interface Verifier {
    /** The signer's identity if the signature is valid; otherwise a {@link SignatureCheckException} saying why. */
    Identity verify(Signature signature, byte[] input, List<GenericCertificate> bucket) throws SignatureCheckException;
}
