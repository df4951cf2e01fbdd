package org.polycast.reload.internal.security;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.polycast.reload.internal.wire.NodeId;

/**
 * Certificates as RFC 6940 §11.3 and §13.4 describe them: the subjectAltName names each Node-ID as
 * {@code reload://<hex Destination>@<overlay>/} and the user as an rfc822Name. Self-signed mode
 * derives the Node-ID from the key (SHA-256 of the SubjectPublicKeyInfo, truncated); CA mode has a
 * local CA pick a random Node-ID. RSA 2048 with SHA-256 throughout.
 */
public final class ReloadCertificates {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ReloadCertificates() {
    }

    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048, RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation", e);
        }
    }

    /** The self-signed Node-ID: the SHA-256 digest of the DER SubjectPublicKeyInfo, truncated to 16 octets. */
    public static NodeId selfSignedNodeId(PublicKey key) {
        try {
            return NodeId.prefixOf(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static X509Certificate selfSigned(KeyPair keys, String user, String overlay, Duration validity) {
        NodeId id = selfSignedNodeId(keys.getPublic());
        // X.509 forbids an empty issuer, and a self-signed certificate's issuer is its subject: so it names the node.
        return build(new X500Name("CN=" + id.hex()), keys.getPublic(), keys.getPrivate(), id, user, overlay, validity, false);
    }

    /** A CA certificate for a local enrollment authority of {@code overlay}. */
    public static X509Certificate certificateAuthority(KeyPair keys, String overlay, Duration validity) {
        return build(new X500Name("CN=Polycast RELOAD CA " + overlay), keys.getPublic(), keys.getPrivate(), null, null, overlay, validity,
                true);
    }

    /** A node certificate issued by the CA, with a random Node-ID as an enrollment server would choose. */
    public static X509Certificate issue(X509Certificate ca, PrivateKey caKey, PublicKey nodeKey, String user, String overlay,
            Duration validity) {
        byte[] id = new byte[NodeId.LENGTH];
        RANDOM.nextBytes(id);
        X500Name issuer = X500Name.getInstance(ca.getSubjectX500Principal().getEncoded());
        return build(issuer, nodeKey, caKey, NodeId.of(id), user, overlay, validity, false);
    }

    private static X509Certificate build(X500Name issuer, PublicKey subjectKey, PrivateKey signingKey, NodeId nodeId, String user,
            String overlay, Duration validity, boolean ca) {
        try {
            Instant now = Instant.now();
            boolean selfSigned = subjectKey.equals(publicKeyOf(signingKey, subjectKey));
            X500Name subject = ca || selfSigned ? issuer : new X500Name("");
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).abs(),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), subject, subjectKey);
            if (ca) {
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                List<GeneralName> names = new ArrayList<>();
                names.add(new GeneralName(GeneralName.uniformResourceIdentifier, nodeUri(nodeId, overlay)));
                if (user != null) {
                    names.add(new GeneralName(GeneralName.rfc822Name, user));
                }
                // The subject DN is empty (§11.3), so the names are critical.
                b.addExtension(Extension.subjectAlternativeName, true, new GeneralNames(names.toArray(new GeneralName[0])));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            }
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(signingKey)));
        } catch (OperatorCreationException | java.io.IOException | CertificateException e) {
            throw new IllegalStateException("certificate creation failed: " + e.getMessage(), e);
        }
    }

    /** The subject key when the signing key is its private half (a self-signed certificate); null otherwise. */
    private static PublicKey publicKeyOf(PrivateKey signingKey, PublicKey subjectKey) {
        if (signingKey instanceof java.security.interfaces.RSAPrivateCrtKey k && subjectKey instanceof java.security.interfaces.RSAPublicKey p
                && k.getModulus().equals(p.getModulus())) {
            return subjectKey;
        }
        return null;
    }

    /** reload://&lt;hex of the node Destination: 01, 10, the Node-ID&gt;@overlay/ */
    public static String nodeUri(NodeId id, String overlay) {
        return "reload://0110" + id.hex() + "@" + overlay + "/";
    }

    /** The identity a node certificate names, or an exception saying what is missing. */
    public static Identity identityOf(X509Certificate cert) throws SignatureCheckException {
        NodeId node = null;
        String user = null;
        Collection<List<?>> names;
        try {
            names = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw new SignatureCheckException("unreadable subjectAltName: " + e.getMessage());
        }
        if (names != null) {
            for (List<?> n : names) {
                int type = (Integer) n.get(0);
                String value = String.valueOf(n.get(1));
                if (type == GeneralName.uniformResourceIdentifier && node == null && value.startsWith("reload://0110")) {
                    int at = value.indexOf('@');
                    if (at == 13 + 32) {
                        try {
                            node = NodeId.of(HexFormat.of().parseHex(value.substring(13, at)));
                        } catch (IllegalArgumentException e) {
                            throw new SignatureCheckException("bad Node-ID in " + value);
                        }
                    }
                } else if (type == GeneralName.rfc822Name && user == null) {
                    user = value;
                }
            }
        }
        if (node == null) {
            throw new SignatureCheckException("the certificate names no 16-octet Node-ID (reload:// URI)");
        }
        return new Identity(node, user);
    }

    public static X509Certificate parse(byte[] der) throws SignatureCheckException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw new SignatureCheckException("not an X.509 certificate: " + e.getMessage());
        }
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Resource-ID a user name hashes to (USER-MATCH). */
    public static byte[] userResource(String user) {
        return NodeId.hash(user.getBytes(StandardCharsets.UTF_8)).toBytes();
    }
}
