package org.polycast.reload.internal.security;

import java.util.List;

import org.polycast.reload.internal.wire.GenericCertificate;
import org.polycast.reload.internal.wire.Signature;

/** Checks a signature against the certificate it names, which must be trusted by this overlay. */
public interface Verifier {
    /** The signer's identity if the signature is valid; otherwise a {@link SignatureCheckException} saying why. */
    Identity verify(Signature signature, byte[] input, List<GenericCertificate> bucket) throws SignatureCheckException;

    /**
     * Checks data a peer signed outside a message (an application's, through the overlay service): the certificate must be
     * trusted, and the signature value (as {@link Signer#sign} makes it) right. Returns what the certificate names.
     */
    Identity verifyData(byte[] certificate, byte[] input, byte[] signatureValue) throws SignatureCheckException;
}
