package org.polycast.reload.internal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polycast.reload.internal.wire.NodeId;

class CertificatesTest {
    @TempDir
    Path temp;

    @Test
    void selfSignedCertificateNamesTheNodeIdOfItsKeyAndTheUser() throws Exception {
        KeyPair keys = ReloadCertificates.newKeyPair();
        X509Certificate cert = ReloadCertificates.selfSigned(keys, "alice@test.polycast", "test.polycast", Duration.ofDays(1));
        Identity id = ReloadCertificates.identityOf(cert);
        assertEquals(ReloadCertificates.selfSignedNodeId(keys.getPublic()), id.nodeId());
        assertEquals("alice@test.polycast", id.userName());
        assertTrue(cert.getSubjectAlternativeNames().stream().anyMatch(n -> n.get(1).equals(ReloadCertificates.nodeUri(id.nodeId(), "test.polycast"))));
        assertEquals(id, new X509Verifier(List.of(), true).check(cert));
        assertThrows(SignatureCheckException.class, () -> new X509Verifier(List.of(), false).check(cert), "self-signed not permitted");
    }

    @Test
    void localCaIssuesNodesThatOnlyItsOverlayTrusts() throws Exception {
        NodeCredentials ca = NodeCredentials.createAuthority(temp.resolve("ca"), "test.polycast");
        NodeCredentials node = NodeCredentials.enrol(temp.resolve("ca"), temp.resolve("node"), "bob@test.polycast", "test.polycast");
        NodeCredentials other = NodeCredentials.createAuthority(temp.resolve("other"), "test.polycast");
        X509Verifier trusting = new X509Verifier(List.of(ca.certificate()), false);
        Identity id = trusting.check(node.certificate());
        assertEquals("bob@test.polycast", id.userName());
        assertThrows(SignatureCheckException.class, () -> new X509Verifier(List.of(other.certificate()), false).check(node.certificate()));
        NodeCredentials reloaded = NodeCredentials.load(temp.resolve("node"), NodeCredentials.NODE_KEY, NodeCredentials.NODE_CERT);
        assertEquals(node.certificate(), reloaded.certificate());
        // a signature made with the enrolled key verifies against the certificate the CA issued
        X509Signer signer = new X509Signer(reloaded.key(), reloaded.certificate());
        byte[] input = "signed".getBytes();
        assertEquals(id.nodeId(), trusting.verify(signer.sign(input), input, signer.certificates()).nodeId());
        input[0] ^= 1;
        byte[] tampered = input;
        assertThrows(SignatureCheckException.class, () -> trusting.verify(signer.sign("signed".getBytes()), tampered, signer.certificates()));
        assertThrows(java.io.IOException.class, () -> NodeCredentials.createAuthority(temp.resolve("ca"), "test.polycast"), "refuses to overwrite");
        assertTrue(!id.nodeId().equals(NodeId.ZERO));
    }

    @Test
    void keysAreOwnerOnlyAndPemFilesAreWhatOpensslWritesAndReads() throws Exception {
        NodeCredentials ca = NodeCredentials.createAuthority(temp.resolve("ca"), "test.polycast");
        Path key = temp.resolve("ca").resolve(NodeCredentials.CA_KEY);
        assertEquals(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"), java.nio.file.Files.getPosixFilePermissions(key));
        String text = java.nio.file.Files.readString(key);
        assertTrue(text.startsWith("-----BEGIN PRIVATE KEY-----"), text.lines().findFirst().orElse(""));
        assertTrue(java.nio.file.Files.readString(temp.resolve("ca").resolve(NodeCredentials.CA_CERT)).startsWith("-----BEGIN CERTIFICATE-----"));
        assertTrue(java.nio.file.Files.list(temp.resolve("ca")).noneMatch(p -> p.toString().endsWith(".new")), "no temporary file left");
        assertEquals(ca.key(), NodeCredentials.load(temp.resolve("ca"), NodeCredentials.CA_KEY, NodeCredentials.CA_CERT).key());
    }

    @Test
    void aKeyFileThatHoldsSomethingElseSaysWhat() throws Exception {
        NodeCredentials.createAuthority(temp.resolve("ca"), "test.polycast");
        Path dir = temp.resolve("ca");
        // the certificate where the key should be
        java.nio.file.Files.copy(dir.resolve(NodeCredentials.CA_CERT), dir.resolve("wrong.key"));
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> NodeCredentials.load(dir, "wrong.key", NodeCredentials.CA_CERT));
        assertTrue(e.getMessage().contains("wrong.key") && e.getMessage().contains("expected a PEM PRIVATE KEY"), e.getMessage());
        java.nio.file.Files.writeString(dir.resolve("garbage.crt"), "not PEM at all\n");
        e = assertThrows(java.io.IOException.class, () -> NodeCredentials.certificate(dir.resolve("garbage.crt")));
        assertTrue(e.getMessage().contains("garbage.crt") && e.getMessage().contains("no PEM object"), e.getMessage());
    }
}
