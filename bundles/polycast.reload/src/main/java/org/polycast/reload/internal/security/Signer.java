package org.polycast.reload.internal.security;

import java.util.List;

import org.polycast.reload.internal.wire.GenericCertificate;
import org.polycast.reload.internal.wire.Signature;
import org.polycast.reload.internal.wire.SignerIdentity;

/** This node's credentials: signs messages and stored data, and names the certificates a verifier needs. */
public interface Signer {
    Identity identity();

    Signature sign(byte[] input);

    /** The identity {@link #sign} puts into its signatures; signed inputs include it. */
    SignerIdentity signerIdentity();

    /** The certificates to put in a security block so that others can check this node's signatures. */
    List<GenericCertificate> certificates();
}
