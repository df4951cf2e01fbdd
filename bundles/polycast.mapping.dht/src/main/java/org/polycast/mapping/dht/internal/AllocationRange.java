package org.polycast.mapping.dht.internal;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A multicast prefix addresses are allocated from, such as {@code 239.193.0.0/16}. Its text is also
 * part of every claim's resource name, so hosts configured with different ranges never contend.
 */
record AllocationRange(String text, byte[] network, int prefixLength) {

    static AllocationRange parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        if (slash < 0 || !t.substring(0, slash).matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("range '" + text + "' must be an IP literal and a prefix length, for example 239.193.0.0/16");
        }
        InetAddress base;
        try {
            base = InetAddress.getByName(t.substring(0, slash));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("range '" + text + "': " + e.getMessage(), e);
        }
        int bits = base.getAddress().length * 8;
        int length;
        try {
            length = Integer.parseInt(t.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("range '" + text + "': the prefix length is not a number", e);
        }
        if (!base.isMulticastAddress() || length < (bits == 32 ? 4 : 8) || length > bits - 2) {
            throw new IllegalArgumentException("range '" + text + "' must be a multicast prefix leaving at least two host bits");
        }
        BigInteger net = new BigInteger(1, base.getAddress()).shiftRight(bits - length).shiftLeft(bits - length);
        return new AllocationRange(t, toBytes(net, bits / 8), length);
    }

    boolean isIpv4() {
        return network.length == 4;
    }

    /** Host bits, at most 62 (enough: a bigger range is never full). */
    private int hostBits() {
        return Math.min(network.length * 8 - prefixLength, 62);
    }

    /** The address at an offset, modulo the range size. */
    InetAddress addressAt(long offset) {
        BigInteger host = BigInteger.valueOf(offset & ((1L << hostBits()) - 1));
        try {
            return InetAddress.getByAddress(toBytes(new BigInteger(1, network).or(host), network.length));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean contains(InetAddress a) {
        if ((a instanceof Inet4Address) != isIpv4()) {
            return false;
        }
        int bits = network.length * 8;
        BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftRight(prefixLength).not();
        return new BigInteger(1, a.getAddress()).and(mask).equals(new BigInteger(1, network).and(mask));
    }

    private static byte[] toBytes(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        return out;
    }
}
