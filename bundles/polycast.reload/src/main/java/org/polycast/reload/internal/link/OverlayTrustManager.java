package org.polycast.reload.internal.link;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

import org.polycast.reload.internal.security.SignatureCheckException;
import org.polycast.reload.internal.security.X509Verifier;

/**
 * Trusts exactly the certificates the overlay trusts (issued by its roots, or self-signed with the
 * Node-ID of their key where permitted), for both ends of a link: the Node-ID check against the
 * Attach happens once the handshake is done.
 */
final class OverlayTrustManager extends X509ExtendedTrustManager {
    private final X509Verifier verifier;

    OverlayTrustManager(X509Verifier verifier) {
        this.verifier = verifier;
    }

    private void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("no certificate");
        }
        try {
            verifier.check(chain[0]);
        } catch (SignatureCheckException e) {
            throw new CertificateException(e.getMessage());
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
