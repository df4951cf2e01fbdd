package org.polycast.reload.internal.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;

/**
 * A node's key and certificate as PEM files in a directory ({@code node.key}, {@code node.crt}), and a
 * local CA's ({@code ca.key}, {@code ca.crt}). Keys are written readable by the owner only.
 */
public record NodeCredentials(PrivateKey key, X509Certificate certificate) {
    public static final String NODE_KEY = "node.key";
    public static final String NODE_CERT = "node.crt";
    public static final String CA_KEY = "ca.key";
    public static final String CA_CERT = "ca.crt";
    private static final Duration NODE_VALIDITY = Duration.ofDays(365);

    public static boolean exist(Path dir, String keyFile, String certFile) {
        return Files.isRegularFile(dir.resolve(keyFile)) && Files.isRegularFile(dir.resolve(certFile));
    }

    /** Loads the node's credentials, or in self-signed mode creates them the first time. */
    public static NodeCredentials selfSigned(Path dir, String overlay, String user) throws IOException {
        if (exist(dir, NODE_KEY, NODE_CERT)) {
            return load(dir, NODE_KEY, NODE_CERT);
        }
        KeyPair keys = ReloadCertificates.newKeyPair();
        String name = user != null && !user.isBlank() ? user
                : "node-" + ReloadCertificates.selfSignedNodeId(keys.getPublic()).shortHex() + "@" + overlay;
        NodeCredentials c = new NodeCredentials(keys.getPrivate(), ReloadCertificates.selfSigned(keys, name, overlay, NODE_VALIDITY));
        c.save(dir, NODE_KEY, NODE_CERT);
        return c;
    }

    /** Creates a local CA for an overlay in {@code dir}. */
    public static NodeCredentials createAuthority(Path dir, String overlay) throws IOException {
        if (exist(dir, CA_KEY, CA_CERT)) {
            throw new IOException("a CA exists in " + dir + " already (" + CA_KEY + ", " + CA_CERT + ")");
        }
        KeyPair keys = ReloadCertificates.newKeyPair();
        NodeCredentials ca = new NodeCredentials(keys.getPrivate(), ReloadCertificates.certificateAuthority(keys, overlay, Duration.ofDays(3650)));
        ca.save(dir, CA_KEY, CA_CERT);
        return ca;
    }

    /** Enrols a node: a new key in {@code nodeDir} and a certificate from the CA in {@code caDir} with a random Node-ID. */
    public static NodeCredentials enrol(Path caDir, Path nodeDir, String user, String overlay) throws IOException {
        NodeCredentials ca = load(caDir, CA_KEY, CA_CERT);
        if (exist(nodeDir, NODE_KEY, NODE_CERT)) {
            throw new IOException("node credentials exist in " + nodeDir + " already");
        }
        KeyPair keys = ReloadCertificates.newKeyPair();
        NodeCredentials c = new NodeCredentials(keys.getPrivate(),
                ReloadCertificates.issue(ca.certificate, ca.key, keys.getPublic(), user, overlay, NODE_VALIDITY));
        c.save(nodeDir, NODE_KEY, NODE_CERT);
        Files.copy(caDir.resolve(CA_CERT), nodeDir.resolve(CA_CERT), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return c;
    }

    public static NodeCredentials load(Path dir, String keyFile, String certFile) throws IOException {
        try {
            byte[] der = pem(Files.readString(dir.resolve(keyFile)));
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            return new NodeCredentials(key, certificate(dir.resolve(certFile)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("unreadable key in " + dir.resolve(keyFile) + ": " + e.getMessage(), e);
        }
    }

    public static X509Certificate certificate(Path file) throws IOException {
        try {
            return ReloadCertificates.parse(pem(Files.readString(file)));
        } catch (SignatureCheckException | IllegalArgumentException e) {
            throw new IOException("unreadable certificate " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] pem(String text) {
        return Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", "").trim());
    }

    private void save(Path dir, String keyFile, String certFile) throws IOException {
        Files.createDirectories(dir);
        Path k = dir.resolve(keyFile);
        Files.writeString(k, armour("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(k, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
        try {
            Files.writeString(dir.resolve(certFile), armour("CERTIFICATE", certificate.getEncoded()), StandardCharsets.US_ASCII);
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IOException(e);
        }
    }

    private static String armour(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
