package org.polycast.alm.internal.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One entry of an ALM options Dictionary (RFC 7019 §7.2: a RELOAD DictionaryEntry, key and DataValue).
 */
public record AlmOption(byte[] key, boolean exists, byte[] value) {
    public static AlmOption of(String key, String value) {
        return new AlmOption(key.getBytes(StandardCharsets.UTF_8), true, value.getBytes(StandardCharsets.UTF_8));
    }

    static AlmOption read(AlmReader r) throws AlmFormatException {
        return new AlmOption(r.opaque(2, "option key"), r.bool("option exists"), r.opaque(4, "option value"));
    }

    static void write(AlmWriter w, AlmOption o) {
        w.opaque(2, o.key).bool(o.exists).opaque(4, o.value);
    }

    static List<AlmOption> readAll(AlmReader r) throws AlmFormatException {
        return r.vector(2, "options", AlmOption::read);
    }

    static void writeAll(AlmWriter w, List<AlmOption> options) {
        w.vector(2, options, AlmOption::write);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AlmOption x && x.exists == exists && Arrays.equals(x.key, key) && Arrays.equals(x.value, value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key) * 31 + Arrays.hashCode(value);
    }
}
