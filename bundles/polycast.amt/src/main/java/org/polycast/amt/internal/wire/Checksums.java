package org.polycast.amt.internal.wire;

/** The Internet checksum (RFC 1071) over byte ranges, and the IPv6 pseudo-header sum (RFC 8200 section 8.1). */
public final class Checksums {
    private Checksums() {
    }

    /** The one's-complement sum of the range as 16-bit big-endian words, folded to 16 bits, not complemented. */
    public static int sum(byte[] b, int offset, int length, int initial) {
        long sum = initial;
        int end = offset + length;
        int words = length / 2;
        for (int w = 0; w < words; w++) {
            int i = offset + 2 * w;
            sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        }
        if (length % 2 != 0) {
            sum += (b[end - 1] & 0xff) << 8; // an odd last octet is padded with a zero octet
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) sum;
    }

    /** The checksum field value for the range (its checksum field zero while computing). */
    public static int checksum(byte[] b, int offset, int length) {
        return ~sum(b, offset, length, 0) & 0xffff;
    }

    /** True if the range, checksum field included, sums to all ones. */
    public static boolean verify(byte[] b, int offset, int length) {
        return sum(b, offset, length, 0) == 0xffff;
    }

    /** The sum of the IPv6 pseudo-header: source, destination, upper-layer length and next header. */
    public static int pseudoHeaderSum(byte[] source, byte[] destination, int upperLayerLength, int nextHeader) {
        int s = sum(source, 0, source.length, 0);
        s = sum(destination, 0, destination.length, s);
        long total = s + (upperLayerLength >>> 16) + (upperLayerLength & 0xffff) + nextHeader;
        while ((total >>> 16) != 0) {
            total = (total & 0xffff) + (total >>> 16);
        }
        return (int) total;
    }

    /** Writes a 16-bit big-endian value. */
    static void put16(byte[] b, int offset, int value) {
        b[offset] = (byte) (value >>> 8);
        b[offset + 1] = (byte) value;
    }

    static int get16(byte[] b, int offset) {
        return ((b[offset] & 0xff) << 8) | (b[offset + 1] & 0xff);
    }
}
