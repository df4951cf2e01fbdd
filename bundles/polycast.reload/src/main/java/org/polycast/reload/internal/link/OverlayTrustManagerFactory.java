package org.polycast.reload.internal.link;

import java.security.KeyStore;

import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;

import org.polycast.reload.internal.security.X509Verifier;

import io.netty.handler.ssl.util.SimpleTrustManagerFactory;

/** Hands Netty's TLS the overlay's own trust decision (see {@link OverlayTrustManager}). */
public final class OverlayTrustManagerFactory extends SimpleTrustManagerFactory {
    private final TrustManager manager;

    public OverlayTrustManagerFactory(X509Verifier verifier) {
        this.manager = new OverlayTrustManager(verifier);
    }

    @Override
    protected void engineInit(KeyStore keyStore) {
    }

    @Override
    protected void engineInit(ManagerFactoryParameters params) {
    }

    @Override
    protected TrustManager[] engineGetTrustManagers() {
        return new TrustManager[] {manager};
    }
}
