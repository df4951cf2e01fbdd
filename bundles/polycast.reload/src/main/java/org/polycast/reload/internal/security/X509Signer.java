package org.polycast.reload.internal.security;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;

import org.polycast.reload.internal.wire.GenericCertificate;
import org.polycast.reload.internal.wire.Signature;
import org.polycast.reload.internal.wire.SignerIdentity;

/** Signs with RSASSA-PKCS1-v1_5 over SHA-256, naming the certificate by its SHA-256 hash (cert_hash). */
public final class X509Signer implements Signer {
    private final PrivateKey key;
    private final Identity identity;
    private final GenericCertificate certificate;
    private final SignerIdentity signerIdentity;

    public X509Signer(PrivateKey key, X509Certificate certificate) throws SignatureCheckException {
        this.key = key;
        this.identity = ReloadCertificates.identityOf(certificate);
        try {
            this.certificate = new GenericCertificate(GenericCertificate.X509, certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new SignatureCheckException(e.getMessage());
        }
        this.signerIdentity = new SignerIdentity(SignerIdentity.CERT_HASH, SignerIdentity.SHA256,
                ReloadCertificates.sha256(this.certificate.der()));
    }

    @Override
    public Identity identity() {
        return identity;
    }

    @Override
    public Signature sign(byte[] input) {
        try {
            java.security.Signature s = java.security.Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(input);
            return new Signature(SignerIdentity.SHA256, Signature.RSA, signerIdentity, s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed: " + e.getMessage(), e);
        }
    }

    @Override
    public SignerIdentity signerIdentity() {
        return signerIdentity;
    }

    @Override
    public List<GenericCertificate> certificates() {
        return List.of(certificate);
    }
}
