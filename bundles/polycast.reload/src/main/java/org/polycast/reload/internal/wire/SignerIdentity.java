package org.polycast.reload.internal.wire;

import java.util.Arrays;

/**
 * Who signed (RFC 6940 §6.3.4): the hash of the signer's certificate, optionally bound to a Node-ID
 * (cert_hash_node_id), or none (only in the synthesised signatures of absent values).
 */
public record SignerIdentity(int type, int hashAlgorithm, byte[] hash) {
    public static final int CERT_HASH = 1;
    public static final int CERT_HASH_NODE_ID = 2;
    public static final int NONE = 3;
    /** TLS HashAlgorithm code point for SHA-256. */
    public static final int SHA256 = 4;

    public static final SignerIdentity ANONYMOUS = new SignerIdentity(NONE, 0, new byte[0]);

    static SignerIdentity read(WireReader r) throws ReloadFormatException {
        int type = r.u8("identity type");
        WireReader body = r.slice(r.u16("identity length"), "identity");
        SignerIdentity id = switch (type) {
            case CERT_HASH, CERT_HASH_NODE_ID -> new SignerIdentity(type, body.u8("identity hash algorithm"), body.opaque(1, "certificate hash"));
            case NONE -> new SignerIdentity(NONE, 0, new byte[0]);
            default -> throw new ReloadFormatException("identity type " + type + " is not cert_hash, cert_hash_node_id or none");
        };
        body.end("signer identity");
        return id;
    }

    public void write(WireWriter w) {
        w.u8(type);
        int mark = w.begin(2);
        if (type != NONE) {
            w.u8(hashAlgorithm).opaque(1, hash);
        }
        w.end(mark, 2);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignerIdentity s && s.type == type && s.hashAlgorithm == hashAlgorithm && Arrays.equals(s.hash, hash);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hash) * 31 + type;
    }
}
