package org.polycast.amt.internal.relay;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.polycast.amt.internal.wire.AmtCodec;

/**
 * The relay's Response MAC (RFC 7450 section 5.3.5): HMAC-SHA256 over the gateway's address (16
 * octets, IPv4 as IPv4-mapped), UDP port and Request nonce, truncated to 48 bits, with a secret
 * that rotates. The MAC is opaque to gateways, so the algorithm is the relay's own choice; the
 * relay stays stateless between Request and Update because the MAC proves that the Update's
 * sender received the Query at that address and port. Keys are 256-bit random values.
 */
final class ResponseMac {
    /** One secret key; tunnels keep a reference to the key they were created with. */
    record Key(byte[] secret, long createdMillis) {
    }

    private static final String ALGORITHM = "HmacSHA256";
    private final SecureRandom random = new SecureRandom();
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(ResponseMac::newMac);
    private volatile Key current;
    private volatile Key previous;

    ResponseMac(long nowMillis) {
        current = newKey(nowMillis);
        previous = current;
    }

    /** Starts a new key; the one it replaces is still accepted until the next rotation. */
    void rotate(long nowMillis) {
        previous = current;
        current = newKey(nowMillis);
    }

    Key current() {
        return current;
    }

    Key previous() {
        return previous;
    }

    long compute(Key key, InetSocketAddress gateway, int nonce) {
        Mac mac = macs.get();
        try {
            mac.init(new SecretKeySpec(key.secret(), ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        mac.update(mapped(gateway.getAddress()));
        mac.update((byte) (gateway.getPort() >>> 8));
        mac.update((byte) gateway.getPort());
        mac.update(new byte[] {(byte) (nonce >>> 24), (byte) (nonce >>> 16), (byte) (nonce >>> 8), (byte) nonce});
        byte[] h = mac.doFinal();
        long v = 0;
        for (int i = 0; i < 6; i++) {
            v = v << 8 | (h[i] & 0xff);
        }
        return AmtCodec.truncateMac(v);
    }

    /** The key among {@code candidates} under which {@code mac} is valid, or null. Constant-time comparison per key. */
    Key verify(long mac, InetSocketAddress gateway, int nonce, Key... candidates) {
        Key found = null;
        for (Key k : candidates) {
            if (k != null && found == null && constantTimeEquals(compute(k, gateway, nonce), mac)) {
                found = k;
            }
        }
        return found;
    }

    private static boolean constantTimeEquals(long a, long b) {
        return java.security.MessageDigest.isEqual(longBytes(a), longBytes(b));
    }

    private static byte[] longBytes(long v) {
        return java.nio.ByteBuffer.allocate(8).putLong(v).array();
    }

    private static byte[] mapped(InetAddress a) {
        byte[] raw = a.getAddress();
        if (raw.length == 16) {
            return raw;
        }
        byte[] m = new byte[16];
        m[10] = (byte) 0xff;
        m[11] = (byte) 0xff;
        System.arraycopy(raw, 0, m, 12, 4);
        return m;
    }

    private Key newKey(long nowMillis) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return new Key(secret, nowMillis);
    }

    private static Mac newMac() {
        try {
            return Mac.getInstance(ALGORITHM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is required of every Java platform", e);
        }
    }
}
