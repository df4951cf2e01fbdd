package org.polycast.alm.internal.wire;

import java.io.ByteArrayOutputStream;
import java.util.Collection;
import java.util.function.BiConsumer;

/** Writes the ALM encoding; vectors get their length prefix when they end, and one that does not fit its prefix fails. */
final class AlmWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

    AlmWriter u8(int v) {
        out.write(v);
        return this;
    }

    AlmWriter u16(int v) {
        return u8(v >>> 8).u8(v);
    }

    AlmWriter u32(long v) {
        return u16((int) (v >>> 16) & 0xffff).u16((int) v & 0xffff);
    }

    AlmWriter bool(boolean v) {
        return u8(v ? 1 : 0);
    }

    AlmWriter bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    AlmWriter opaque(int prefix, byte[] b) {
        length(prefix, b.length);
        return bytes(b);
    }

    private void length(int prefix, long n) {
        if (prefix < 4 && n >= 1L << (8 * prefix)) {
            throw new IllegalArgumentException(n + " octets do not fit a " + prefix + "-octet length");
        }
        switch (prefix) {
            case 1 -> u8((int) n);
            case 2 -> u16((int) n);
            default -> u32(n);
        }
    }

    <T> AlmWriter vector(int prefix, Collection<T> values, BiConsumer<AlmWriter, T> element) {
        AlmWriter inner = new AlmWriter();
        values.forEach(v -> element.accept(inner, v));
        return opaque(prefix, inner.toByteArray());
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
