package org.polycast.reload.internal.wire;

/**
 * A signature (RFC 6940 §6.3.4): TLS SignatureAndHashAlgorithm code points, the signer, the value.
 * RSASSA-PKCS1-v1_5 with SHA-256 (hash 4, signature 1) is the one this node makes and accepts.
 */
public record Signature(int hashAlgorithm, int signatureAlgorithm, SignerIdentity identity, byte[] value) {
    public static final int RSA = 1;

    /** The {0,0} signature with no identity that a Fetch answer synthesises for an absent value. */
    public static final Signature ANONYMOUS = new Signature(0, 0, SignerIdentity.ANONYMOUS, new byte[0]);

    public static Signature read(WireReader r) throws ReloadFormatException {
        return new Signature(r.u8("hash algorithm"), r.u8("signature algorithm"), SignerIdentity.read(r), r.opaque(2, "signature value"));
    }

    public void write(WireWriter w) {
        w.u8(hashAlgorithm).u8(signatureAlgorithm);
        identity.write(w);
        w.opaque(2, value);
    }

    public boolean anonymous() {
        return hashAlgorithm == 0 && signatureAlgorithm == 0;
    }
}
