package org.polycast.reload.internal.wire;

import java.util.Collection;

/**
 * Writes the RFC 6940 encoding into a growing byte array. Length prefixes are back-patched when a
 * vector ends, and a vector longer than its prefix allows fails loudly instead of wrapping.
 */
public final class WireWriter {
    /** Writes one element of a vector. */
    @FunctionalInterface
    public interface Element<T> {
        void write(WireWriter w, T value);
    }

    private byte[] buf;
    private int size;

    public WireWriter() {
        this(256);
    }

    public WireWriter(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    private void ensure(int n) {
        if (size + n > buf.length) {
            byte[] bigger = new byte[Math.max(buf.length * 2, size + n)];
            System.arraycopy(buf, 0, bigger, 0, size);
            buf = bigger;
        }
    }

    public WireWriter u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    public WireWriter u16(int v) {
        ensure(2);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    public WireWriter u24(int v) {
        ensure(3);
        buf[size++] = (byte) (v >>> 16);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    public WireWriter u32(long v) {
        ensure(4);
        buf[size++] = (byte) (v >>> 24);
        buf[size++] = (byte) (v >>> 16);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    public WireWriter u64(long v) {
        return u32(v >>> 32).u32(v & 0xffffffffL);
    }

    public WireWriter bool(boolean v) {
        return u8(v ? 1 : 0);
    }

    public WireWriter bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
        return this;
    }

    public WireWriter opaque(int prefix, byte[] b) {
        int mark = begin(prefix);
        bytes(b);
        return end(mark, prefix);
    }

    /** Reserves a length prefix; {@link #end} fills it with the number of octets written since. */
    public int begin(int prefix) {
        ensure(prefix);
        int mark = size;
        size += prefix;
        return mark;
    }

    public WireWriter end(int mark, int prefix) {
        long n = size - mark - prefix;
        if (prefix < 4 && n >= 1L << (8 * prefix)) {
            throw new IllegalArgumentException("vector of " + n + " octets does not fit a " + prefix + "-octet length");
        }
        for (int i = 0; i < prefix; i++) {
            buf[mark + i] = (byte) (n >>> (8 * (prefix - 1 - i)));
        }
        return this;
    }

    public <T> WireWriter vector(int prefix, Collection<T> values, Element<T> element) {
        int mark = begin(prefix);
        for (T v : values) {
            element.write(this, v);
        }
        return end(mark, prefix);
    }

    public int size() {
        return size;
    }

    /** Overwrites four octets written earlier (the message length of the forwarding header). */
    public void patchU32(int at, long v) {
        for (int i = 0; i < 4; i++) {
            buf[at + i] = (byte) (v >>> (8 * (3 - i)));
        }
    }

    public byte[] toByteArray() {
        byte[] out = new byte[size];
        System.arraycopy(buf, 0, out, 0, size);
        return out;
    }
}
