package org.polycast.reload.internal.security;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.polycast.reload.internal.wire.GenericCertificate;
import org.polycast.reload.internal.wire.Signature;
import org.polycast.reload.internal.wire.SignerIdentity;

/**
 * Verifies RSA-SHA256 signatures. The certificate is found by its hash in the security block's bucket
 * (or among those seen before) and must be trusted: issued by a configured root certificate, or, where
 * the overlay permits self-signed certificates, self-signed with the Node-ID its key hashes to.
 * Certificates that passed once are cached by hash, so a busy link checks each only once.
 */
public final class X509Verifier implements Verifier {
    private record Trusted(X509Certificate certificate, Identity identity) {
    }

    private final List<X509Certificate> roots;
    private final boolean selfSignedPermitted;
    private final Map<String, Trusted> trusted = new ConcurrentHashMap<>();

    public X509Verifier(List<X509Certificate> roots, boolean selfSignedPermitted) {
        this.roots = List.copyOf(roots);
        this.selfSignedPermitted = selfSignedPermitted;
    }

    @Override
    public Identity verify(Signature signature, byte[] input, List<GenericCertificate> bucket) throws SignatureCheckException {
        if (signature.hashAlgorithm() != SignerIdentity.SHA256 || signature.signatureAlgorithm() != Signature.RSA) {
            throw new SignatureCheckException("signature algorithm (" + signature.hashAlgorithm() + "," + signature.signatureAlgorithm()
                    + ") is not RSA-SHA256 (4,1)");
        }
        SignerIdentity id = signature.identity();
        if (id.type() != SignerIdentity.CERT_HASH && id.type() != SignerIdentity.CERT_HASH_NODE_ID) {
            throw new SignatureCheckException("signer identity type " + id.type() + " names no certificate");
        }
        if (id.hashAlgorithm() != SignerIdentity.SHA256) {
            throw new SignatureCheckException("certificate hash algorithm " + id.hashAlgorithm() + " is not SHA-256");
        }
        Trusted t = certificate(id.hash(), bucket);
        try {
            java.security.Signature s = java.security.Signature.getInstance("SHA256withRSA");
            s.initVerify(t.certificate.getPublicKey());
            s.update(input);
            if (!s.verify(signature.value())) {
                throw new SignatureCheckException("the signature does not match the signed content");
            }
        } catch (GeneralSecurityException e) {
            throw new SignatureCheckException("signature check failed: " + e.getMessage());
        }
        return t.identity;
    }

    @Override
    public Identity verifyData(byte[] certificate, byte[] input, byte[] signatureValue) throws SignatureCheckException {
        byte[] hash = ReloadCertificates.sha256(certificate);
        Trusted t = certificate(hash, List.of(new GenericCertificate(GenericCertificate.X509, certificate)));
        try {
            java.security.Signature s = java.security.Signature.getInstance("SHA256withRSA");
            s.initVerify(t.certificate.getPublicKey());
            s.update(input);
            if (!s.verify(signatureValue)) {
                throw new SignatureCheckException("the signature does not match the signed content");
            }
        } catch (GeneralSecurityException e) {
            throw new SignatureCheckException("signature check failed: " + e.getMessage());
        }
        return t.identity;
    }

    private Trusted certificate(byte[] hash, List<GenericCertificate> bucket) throws SignatureCheckException {
        String key = java.util.HexFormat.of().formatHex(hash);
        Trusted t = trusted.get(key);
        if (t != null) {
            return t;
        }
        for (GenericCertificate c : bucket) {
            if (c.type() == GenericCertificate.X509 && Arrays.equals(ReloadCertificates.sha256(c.der()), hash)) {
                X509Certificate cert = ReloadCertificates.parse(c.der());
                t = new Trusted(cert, check(cert));
                if (trusted.size() < 100_000) {
                    trusted.put(key, t);
                }
                return t;
            }
        }
        throw new SignatureCheckException("no certificate with the signer's hash in the security block");
    }

    /** Whether the certificate is trusted here; returns what it names. */
    public Identity check(X509Certificate cert) throws SignatureCheckException {
        try {
            cert.checkValidity();
        } catch (GeneralSecurityException e) {
            throw new SignatureCheckException("certificate not valid now: " + e.getMessage());
        }
        Identity identity = ReloadCertificates.identityOf(cert);
        for (X509Certificate root : roots) {
            if (root.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
                try {
                    cert.verify(root.getPublicKey());
                    return identity;
                } catch (GeneralSecurityException e) {
                    throw new SignatureCheckException("certificate not issued by the overlay's root: " + e.getMessage());
                }
            }
        }
        if (!selfSignedPermitted) {
            throw new SignatureCheckException("certificate not issued by a root of this overlay, and self-signed certificates are not permitted");
        }
        try {
            cert.verify(cert.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new SignatureCheckException("certificate neither self-signed nor issued by a root of this overlay");
        }
        if (!ReloadCertificates.selfSignedNodeId(cert.getPublicKey()).equals(identity.nodeId())) {
            throw new SignatureCheckException("self-signed certificate whose Node-ID " + identity.nodeId().shortHex() + " is not its key's digest");
        }
        return identity;
    }
}
