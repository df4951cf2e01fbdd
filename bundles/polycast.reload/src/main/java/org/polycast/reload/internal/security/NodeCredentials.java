package org.polycast.reload.internal.security;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.EnumSet;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * A node's key and certificate as PEM files in a directory ({@code node.key}, {@code node.crt}), and a
 * local CA's ({@code ca.key}, {@code ca.crt}), read and written with Bouncy Castle's PEM parser and writer. Keys are
 * created readable by the owner only from their first byte.
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
        Path file = dir.resolve(keyFile);
        Object pem = readPem(file);
        if (!(pem instanceof PrivateKeyInfo info)) {
            throw new IOException("unreadable key in " + file + ": expected a PEM PRIVATE KEY (PKCS#8), found "
                    + (pem == null ? "no PEM object" : pem.getClass().getSimpleName()));
        }
        try {
            return new NodeCredentials(new JcaPEMKeyConverter().getPrivateKey(info), certificate(dir.resolve(certFile)));
        } catch (PEMException e) {
            throw new IOException("unreadable key in " + file + ": " + e.getMessage(), e);
        }
    }

    public static X509Certificate certificate(Path file) throws IOException {
        Object pem = readPem(file);
        if (!(pem instanceof X509CertificateHolder holder)) {
            throw new IOException("unreadable certificate " + file + ": expected a PEM CERTIFICATE, found "
                    + (pem == null ? "no PEM object" : pem.getClass().getSimpleName()));
        }
        try {
            return ReloadCertificates.parse(holder.getEncoded());
        } catch (SignatureCheckException | IllegalArgumentException e) {
            throw new IOException("unreadable certificate " + file + ": " + e.getMessage(), e);
        }
    }

    private static Object readPem(Path file) throws IOException {
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(file, StandardCharsets.US_ASCII))) {
            return parser.readObject();
        } catch (IOException | RuntimeException e) {
            if (e instanceof java.nio.file.NoSuchFileException) {
                throw (IOException) e;
            }
            throw new IOException("unreadable PEM file " + file + ": " + e.getMessage(), e);
        }
    }

    private void save(Path dir, String keyFile, String certFile) throws IOException {
        Files.createDirectories(dir);
        writeOwnerOnly(dir.resolve(keyFile), pem(new JcaPKCS8Generator(key, null)));
        Files.writeString(dir.resolve(certFile), pem(certificate), StandardCharsets.US_ASCII);
    }

    /**
     * Writes a secret so that no one else can read it at any moment: the file is created with owner-only permissions
     * (not chmod-ed after the bytes are in, which leaves them readable under the umask meanwhile), under a temporary
     * name, and moved into place whole.
     */
    static void writeOwnerOnly(Path file, String content) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(temporary);
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] ownerOnly = posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        try {
            try (SeekableByteChannel out = Files.newByteChannel(temporary, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly)) {
                ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }
}
