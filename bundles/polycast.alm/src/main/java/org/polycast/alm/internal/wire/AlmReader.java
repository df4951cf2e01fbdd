package org.polycast.alm.internal.wire;

import java.util.ArrayList;
import java.util.List;

/** Bounds-checked reads of the ALM encoding (network byte order, length-prefixed vectors); failures name the field. */
final class AlmReader {
    @FunctionalInterface
    interface Element<T> {
        T read(AlmReader r) throws AlmFormatException;
    }

    private final byte[] data;
    private int pos;
    private final int end;

    AlmReader(byte[] data, int from, int end) {
        this.data = data;
        this.pos = from;
        this.end = end;
    }

    int remaining() {
        return end - pos;
    }

    private void need(long n, String field) throws AlmFormatException {
        if (n < 0 || end - pos < n) {
            throw new AlmFormatException(field + ": needs " + n + " octets, " + (end - pos) + " left");
        }
    }

    int u8(String field) throws AlmFormatException {
        need(1, field);
        return data[pos++] & 0xff;
    }

    int u16(String field) throws AlmFormatException {
        return u8(field) << 8 | u8(field);
    }

    long u32(String field) throws AlmFormatException {
        return (long) u16(field) << 16 | u16(field);
    }

    boolean bool(String field) throws AlmFormatException {
        int v = u8(field);
        if (v > 1) {
            throw new AlmFormatException(field + ": Boolean must be 0 or 1, not " + v);
        }
        return v == 1;
    }

    byte[] bytes(long n, String field) throws AlmFormatException {
        need(n, field);
        byte[] out = new byte[(int) n];
        System.arraycopy(data, pos, out, 0, (int) n);
        pos += (int) n;
        return out;
    }

    byte[] opaque(int prefix, String field) throws AlmFormatException {
        long n = prefix == 1 ? u8(field) : prefix == 2 ? u16(field) : u32(field);
        return bytes(n, field);
    }

    <T> List<T> vector(int prefix, String field, Element<T> element) throws AlmFormatException {
        long n = prefix == 1 ? u8(field) : prefix == 2 ? u16(field) : u32(field);
        need(n, field);
        AlmReader sub = new AlmReader(data, pos, pos + (int) n);
        pos += (int) n;
        List<T> out = new ArrayList<>();
        while (sub.remaining() > 0) {
            out.add(element.read(sub));
        }
        return out;
    }

    byte[] rest() {
        byte[] out = new byte[end - pos];
        System.arraycopy(data, pos, out, 0, out.length);
        pos = end;
        return out;
    }

    void end(String structure) throws AlmFormatException {
        if (pos != end) {
            throw new AlmFormatException(structure + ": " + (end - pos) + " unexpected trailing octets");
        }
    }
}
