package org.polycast.ip.internal;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** A multicast prefix such as {@code 239.192.0.0/14} or {@code ff15::/96}, from which derived Group Addresses are drawn. */
public record MulticastRange(InetAddress base, int prefixLength) {

    /** Parses {@code address/length}; the prefix must be multicast and of the family. */
    public static MulticastRange parse(String text, IpFamily family) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("range '" + text + "' must be address/prefix-length, for example " + family.defaultDerivedRange());
        }
        InetAddress base;
        try {
            String host = text.substring(0, slash).trim();
            if (!host.matches("[0-9a-fA-F:.]+")) {
                throw new IllegalArgumentException("range '" + text + "' must start with an IP literal");
            }
            base = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("range '" + text + "': " + e.getMessage(), e);
        }
        int length = Integer.parseInt(text.substring(slash + 1).trim());
        int bits = base.getAddress().length * 8;
        if (!family.matches(base) || !base.isMulticastAddress()) {
            throw new IllegalArgumentException("range '" + text + "' is not an " + family.label() + " multicast range");
        }
        if (length < (family == IpFamily.V4 ? 4 : 8) || length > bits - 1) {
            throw new IllegalArgumentException("range '" + text + "': prefix length must leave room for addresses");
        }
        return new MulticastRange(base, length);
    }

    /** The address at {@code offset} (taken modulo the range size) within the range. */
    public InetAddress addressAt(long offset) {
        byte[] b = base.getAddress();
        int hostBits = b.length * 8 - prefixLength;
        BigInteger size = BigInteger.ONE.shiftLeft(Math.min(hostBits, 63));
        BigInteger host = BigInteger.valueOf(offset & Long.MAX_VALUE).mod(size);
        BigInteger network = new BigInteger(1, b).shiftRight(hostBits).shiftLeft(hostBits);
        byte[] raw = network.or(host).toByteArray();
        byte[] out = new byte[b.length];
        int copy = Math.min(raw.length, out.length);
        System.arraycopy(raw, raw.length - copy, out, out.length - copy, copy);
        try {
            return InetAddress.getByAddress(out);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
