package org.polycast.amt.internal.relay;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One gateway's tunnel, keyed by the gateway's address and port as the relay sees them (RFC 7450
 * section 5.3.1; not by address alone as the Linux driver does, so that gateways behind one NAT
 * stay apart). Data goes out from {@code local}, the relay address the gateway talks to.
 */
final class Tunnel {
    /** Nonces of earlier handshakes remembered to refuse replayed Updates. */
    private static final int RETIRED_NONCES = 32;

    final InetSocketAddress gateway;
    final InetAddress local;
    final ResponseMac.Key key;
    final long createdMillis;
    private int nonce;
    private final Deque<Integer> retired = new ArrayDeque<>();
    final Map<InetAddress, GroupFilter> groups = new LinkedHashMap<>();
    long lastUpdateMillis;

    Tunnel(InetSocketAddress gateway, InetAddress local, ResponseMac.Key key, int nonce, long nowMillis) {
        this.gateway = gateway;
        this.local = local;
        this.key = key;
        this.nonce = nonce;
        this.createdMillis = nowMillis;
        this.lastUpdateMillis = nowMillis;
    }

    /**
     * Accepts the nonce of an Update whose MAC verified: the current handshake's nonce, or a new
     * one that starts a newer handshake. A nonce of an earlier handshake is a replay.
     */
    boolean acceptNonce(int n) {
        if (n == nonce) {
            return true;
        }
        if (retired.contains(n)) {
            return false;
        }
        retired.addLast(nonce);
        if (retired.size() > RETIRED_NONCES) {
            retired.removeFirst();
        }
        nonce = n;
        return true;
    }
}
