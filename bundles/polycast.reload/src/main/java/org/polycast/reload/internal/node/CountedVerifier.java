package org.polycast.reload.internal.node;

import java.util.List;

import org.polycast.reload.internal.security.Identity;
import org.polycast.reload.internal.security.SignatureCheckException;
import org.polycast.reload.internal.security.Verifier;
import org.polycast.reload.internal.wire.GenericCertificate;
import org.polycast.reload.internal.wire.Signature;

/** Counts every signature the node checks ({@code signatures-checked}), the companion of {@link CountedSigner}. */
record CountedVerifier(Verifier verifier, NodeCounters counters) implements Verifier {
    @Override
    public Identity verify(Signature signature, byte[] input, List<GenericCertificate> bucket) throws SignatureCheckException {
        counters.add("signatures-checked");
        return verifier.verify(signature, input, bucket);
    }

    @Override
    public Identity verifyData(byte[] certificate, byte[] input, byte[] signatureValue) throws SignatureCheckException {
        counters.add("signatures-checked");
        return verifier.verifyData(certificate, input, signatureValue);
    }
}
