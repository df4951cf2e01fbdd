package org.polycast.reload.internal.node;

import java.util.List;

import org.polycast.reload.internal.security.Identity;
import org.polycast.reload.internal.security.Signer;
import org.polycast.reload.internal.wire.GenericCertificate;
import org.polycast.reload.internal.wire.Signature;
import org.polycast.reload.internal.wire.SignerIdentity;

/**
 * Counts every signature the node makes ({@code signatures-made}): signing is what bounds Store and Fetch rates,
 * so the benchmark divides the measured rate by the signing work each operation really needed.
 */
record CountedSigner(Signer signer, NodeCounters counters) implements Signer {
    @Override
    public Identity identity() {
        return signer.identity();
    }

    @Override
    public Signature sign(byte[] input) {
        counters.add("signatures-made");
        return signer.sign(input);
    }

    @Override
    public SignerIdentity signerIdentity() {
        return signer.signerIdentity();
    }

    @Override
    public List<GenericCertificate> certificates() {
        return signer.certificates();
    }
}
