package org.polycast.reload.internal.sim;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.polycast.reload.internal.security.Identity;
import org.polycast.reload.internal.security.ReloadCertificates;
import org.polycast.reload.internal.security.SignatureCheckException;
import org.polycast.reload.internal.security.Signer;
import org.polycast.reload.internal.security.Verifier;
import org.polycast.reload.internal.wire.GenericCertificate;
import org.polycast.reload.internal.wire.NodeId;
import org.polycast.reload.internal.wire.Signature;
import org.polycast.reload.internal.wire.SignerIdentity;

/**
 * Credentials for the simulation only: 10,000 RSA keys would take minutes to make, so a "certificate"
 * is the Node-ID and user name, and a "signature" an HMAC keyed by a simulation secret and the Node-ID.
 * The node code path is the real one: signatures are made, carried in security blocks, looked up by
 * certificate hash and checked; only the algorithm differs. Never used outside tests.
 */
public final class SimCredentials implements Signer {
    private static final byte[] SECRET = "polycast-simulation-only".getBytes(StandardCharsets.US_ASCII);
    private final Identity identity;
    private final GenericCertificate certificate;
    private final SignerIdentity signerIdentity;

    public SimCredentials(NodeId id, String user) {
        this.identity = new Identity(id, user);
        byte[] u = user.getBytes(StandardCharsets.UTF_8);
        byte[] der = Arrays.copyOf(id.toBytes(), 16 + u.length);
        System.arraycopy(u, 0, der, 16, u.length);
        this.certificate = new GenericCertificate(GenericCertificate.X509, der);
        this.signerIdentity = new SignerIdentity(SignerIdentity.CERT_HASH, SignerIdentity.SHA256, ReloadCertificates.sha256(der));
    }

    static byte[] mac(NodeId id, byte[] input) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            byte[] key = Arrays.copyOf(SECRET, SECRET.length + 16);
            System.arraycopy(id.toBytes(), 0, key, SECRET.length, 16);
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return m.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Identity identity() {
        return identity;
    }

    @Override
    public Signature sign(byte[] input) {
        return new Signature(SignerIdentity.SHA256, Signature.RSA, signerIdentity, mac(identity.nodeId(), input));
    }

    @Override
    public SignerIdentity signerIdentity() {
        return signerIdentity;
    }

    @Override
    public List<GenericCertificate> certificates() {
        return List.of(certificate);
    }

    /** Checks the simulation's signatures the way the X.509 verifier checks real ones: certificate by hash, then the value. */
    public static final class SimVerifier implements Verifier {
        @Override
        public Identity verify(Signature signature, byte[] input, List<GenericCertificate> bucket) throws SignatureCheckException {
            for (GenericCertificate c : bucket) {
                if (Arrays.equals(ReloadCertificates.sha256(c.der()), signature.identity().hash())) {
                    if (c.der().length < 16) {
                        throw new SignatureCheckException("short simulated certificate");
                    }
                    NodeId id = NodeId.of(Arrays.copyOf(c.der(), 16));
                    if (!Arrays.equals(mac(id, input), signature.value())) {
                        throw new SignatureCheckException("the signature does not match the signed content");
                    }
                    return new Identity(id, new String(c.der(), 16, c.der().length - 16, StandardCharsets.UTF_8));
                }
            }
            throw new SignatureCheckException("no certificate with the signer's hash in the security block");
        }

        @Override
        public Identity verifyData(byte[] certificate, byte[] input, byte[] signatureValue) throws SignatureCheckException {
            if (certificate.length < 16) {
                throw new SignatureCheckException("short simulated certificate");
            }
            NodeId id = NodeId.of(Arrays.copyOf(certificate, 16));
            if (!Arrays.equals(mac(id, input), signatureValue)) {
                throw new SignatureCheckException("the signature does not match the signed content");
            }
            return new Identity(id, new String(certificate, 16, certificate.length - 16, StandardCharsets.UTF_8));
        }
    }
}
