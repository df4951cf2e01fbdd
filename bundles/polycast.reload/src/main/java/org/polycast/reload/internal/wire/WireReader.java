package org.polycast.reload.internal.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the TLS-presentation-language encoding of RFC 6940 (network byte order, length-prefixed
 * vectors) from a byte array. Every read is bounds-checked and fails with a {@link ReloadFormatException}
 * naming the field, so a decoder never throws anything else on hostile input.
 */
public final class WireReader {
    /** Reads one element of a vector. */
    @FunctionalInterface
    public interface Element<T> {
        T read(WireReader r) throws ReloadFormatException;
    }

    private final byte[] data;
    private int pos;
    private final int end;

    public WireReader(byte[] data) {
        this(data, 0, data.length);
    }

    private WireReader(byte[] data, int from, int end) {
        this.data = data;
        this.pos = from;
        this.end = end;
    }

    public int remaining() {
        return end - pos;
    }

    public boolean hasMore() {
        return pos < end;
    }

    private void need(int n, String field) throws ReloadFormatException {
        if (n < 0 || end - pos < n) {
            throw new ReloadFormatException(field + ": needs " + n + " octets, " + (end - pos) + " left");
        }
    }

    public int u8(String field) throws ReloadFormatException {
        need(1, field);
        return data[pos++] & 0xff;
    }

    public int u16(String field) throws ReloadFormatException {
        need(2, field);
        int v = (data[pos] & 0xff) << 8 | data[pos + 1] & 0xff;
        pos += 2;
        return v;
    }

    public int u24(String field) throws ReloadFormatException {
        need(3, field);
        int v = (data[pos] & 0xff) << 16 | (data[pos + 1] & 0xff) << 8 | data[pos + 2] & 0xff;
        pos += 3;
        return v;
    }

    public long u32(String field) throws ReloadFormatException {
        need(4, field);
        long v = (long) (data[pos] & 0xff) << 24 | (data[pos + 1] & 0xff) << 16 | (data[pos + 2] & 0xff) << 8 | data[pos + 3] & 0xff;
        pos += 4;
        return v;
    }

    public long u64(String field) throws ReloadFormatException {
        return u32(field) << 32 | u32(field);
    }

    /** A TLS Boolean: exactly 0 or 1 (anything else would not re-encode to the same octets). */
    public boolean bool(String field) throws ReloadFormatException {
        int v = u8(field);
        if (v > 1) {
            throw new ReloadFormatException(field + ": Boolean must be 0 or 1, not " + v);
        }
        return v == 1;
    }

    public byte[] bytes(int n, String field) throws ReloadFormatException {
        need(n, field);
        byte[] out = new byte[n];
        System.arraycopy(data, pos, out, 0, n);
        pos += n;
        return out;
    }

    /** opaque field<0..2^(8*prefix)-1>: a length of {@code prefix} octets, then the bytes. */
    public byte[] opaque(int prefix, String field) throws ReloadFormatException {
        return bytes(length(prefix, field), field);
    }

    private int length(int prefix, String field) throws ReloadFormatException {
        long n = switch (prefix) {
            case 1 -> u8(field + " length");
            case 2 -> u16(field + " length");
            case 3 -> u24(field + " length");
            case 4 -> u32(field + " length");
            default -> throw new IllegalArgumentException("prefix " + prefix);
        };
        if (n > remaining()) {
            throw new ReloadFormatException(field + ": length " + n + " exceeds the " + remaining() + " octets left");
        }
        return (int) n;
    }

    /** A sub-reader over the next {@code n} octets, which this reader skips. */
    public WireReader slice(int n, String field) throws ReloadFormatException {
        need(n, field);
        WireReader r = new WireReader(data, pos, pos + n);
        pos += n;
        return r;
    }

    /** A vector with a length prefix of {@code prefix} octets, its elements read until its bytes are used up. */
    public <T> List<T> vector(int prefix, String field, Element<T> element) throws ReloadFormatException {
        WireReader r = slice(length(prefix, field), field);
        List<T> out = new ArrayList<>();
        while (r.hasMore()) {
            out.add(element.read(r));
        }
        return out;
    }

    /** Fails unless every octet was consumed: trailing bytes mean a length was wrong. */
    public void end(String structure) throws ReloadFormatException {
        if (pos != end) {
            throw new ReloadFormatException(structure + ": " + (end - pos) + " unexpected trailing octets");
        }
    }
}
