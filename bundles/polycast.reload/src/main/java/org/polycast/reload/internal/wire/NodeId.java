package org.polycast.reload.internal.wire;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A 128-bit Node-ID (CHORD-RELOAD fixes node-id-length at 16 octets), also used for positions on the
 * ring such as Resource-IDs. Held as two longs so that a simulation of 10,000 peers stays small and
 * ring arithmetic (modulo 2^128) needs no BigInteger.
 */
public record NodeId(long high, long low) implements Comparable<NodeId> {
    public static final int LENGTH = 16;
    /** All bits one: every node is responsible for it and consumes it locally (RFC 6940 §6.1.1). */
    public static final NodeId WILDCARD = new NodeId(-1L, -1L);
    public static final NodeId ZERO = new NodeId(0, 0);

    public static NodeId of(byte[] b) {
        if (b.length != LENGTH) {
            throw new IllegalArgumentException("a Node-ID has " + LENGTH + " octets, not " + b.length);
        }
        return new NodeId(longAt(b, 0), longAt(b, 8));
    }

    /** The first 16 octets of a longer value (Resource-IDs, digests). */
    public static NodeId prefixOf(byte[] b) {
        byte[] p = new byte[LENGTH];
        System.arraycopy(b, 0, p, 0, Math.min(LENGTH, b.length));
        return of(p);
    }

    public static NodeId read(WireReader r, String field) throws ReloadFormatException {
        return of(r.bytes(LENGTH, field));
    }

    public static NodeId parse(String hex) {
        return of(HexFormat.of().parseHex(hex));
    }

    /** CHORD-RELOAD's hash for Resource-IDs: SHA-1 truncated to its 128 most significant bits (§10.2). */
    public static NodeId hash(byte[] input) {
        try {
            return prefixOf(MessageDigest.getInstance("SHA-1").digest(input));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    }

    private static long longAt(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (b[off + i] & 0xff);
        }
        return v;
    }

    public byte[] toBytes() {
        byte[] b = new byte[LENGTH];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (high >>> (56 - 8 * i));
            b[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return b;
    }

    public void write(WireWriter w) {
        w.u64(high).u64(low);
    }

    @Override
    public int compareTo(NodeId o) {
        int c = Long.compareUnsigned(high, o.high);
        return c != 0 ? c : Long.compareUnsigned(low, o.low);
    }

    /** (this + other) mod 2^128. */
    public NodeId plus(NodeId o) {
        long l = low + o.low;
        long carry = Long.compareUnsigned(l, low) < 0 ? 1 : 0;
        return new NodeId(high + o.high + carry, l);
    }

    /** (this - other) mod 2^128: the clockwise distance from other to this. */
    public NodeId minus(NodeId o) {
        long l = low - o.low;
        long borrow = Long.compareUnsigned(low, o.low) < 0 ? 1 : 0;
        return new NodeId(high - o.high - borrow, l);
    }

    public NodeId plusOne() {
        return plus(new NodeId(0, 1));
    }

    /** 2^bit mod 2^128, for finger targets. */
    public static NodeId powerOfTwo(int bit) {
        if (bit < 0 || bit > 127) {
            throw new IllegalArgumentException("bit " + bit);
        }
        return bit >= 64 ? new NodeId(1L << (bit - 64), 0) : new NodeId(0, 1L << bit);
    }

    /** Whether this lies in the ring interval (from, to], clockwise; (x, x] is the whole ring. */
    public boolean inHalfOpen(NodeId from, NodeId to) {
        if (from.equals(to)) {
            return true;
        }
        return minus(from).compareTo(to.minus(from)) <= 0 && !equals(from);
    }

    /** Whether this lies strictly inside (from, to), clockwise. */
    public boolean inOpen(NodeId from, NodeId to) {
        if (equals(from) || equals(to)) {
            return false;
        }
        return from.equals(to) || minus(from).compareTo(to.minus(from)) < 0;
    }

    public BigInteger toBigInteger() {
        return new BigInteger(1, toBytes());
    }

    public String hex() {
        return HexFormat.of().formatHex(toBytes());
    }

    /** The first eight hex digits: enough to tell peers apart in status output. */
    public String shortHex() {
        return hex().substring(0, 8);
    }

    @Override
    public String toString() {
        return hex();
    }
}
