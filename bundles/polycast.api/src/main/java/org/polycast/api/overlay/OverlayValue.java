package org.polycast.api.overlay;

import java.util.Arrays;
import java.util.Objects;

/**
 * One stored value: the value bytes, whether it exists (false marks a removal), and where it sits in
 * its kind's data model: an array index, a dictionary key, or neither for single values. Fetched
 * values also say who signed them.
 */
public final class OverlayValue {
    /** The array index that appends. */
    public static final long APPEND = 0xffffffffL;

    private final byte[] value;
    private final boolean exists;
    private final long index;
    private final byte[] key;
    private final String signer;

    private OverlayValue(byte[] value, boolean exists, long index, byte[] key, String signer) {
        this.value = value.clone();
        this.exists = exists;
        this.index = index;
        this.key = key == null ? null : key.clone();
        this.signer = signer;
    }

    public static OverlayValue single(byte[] value) {
        return new OverlayValue(value, true, -1, null, null);
    }

    public static OverlayValue arrayEntry(long index, byte[] value) {
        return new OverlayValue(value, true, index, null, null);
    }

    public static OverlayValue dictionaryEntry(byte[] key, byte[] value) {
        return new OverlayValue(value, true, -1, Objects.requireNonNull(key), null);
    }

    /** The same place with exists = false: how RELOAD removes a value. */
    public OverlayValue removal() {
        return new OverlayValue(new byte[0], false, index, key, signer);
    }

    /** Used by the overlay when it returns fetched values. */
    public static OverlayValue fetched(byte[] value, boolean exists, long index, byte[] key, String signer) {
        return new OverlayValue(value, exists, index, key, signer);
    }

    public byte[] value() {
        return value.clone();
    }

    public boolean exists() {
        return exists;
    }

    /** The array index, or -1 for other models. */
    public long index() {
        return index;
    }

    /** The dictionary key, or null for other models. */
    public byte[] key() {
        return key == null ? null : key.clone();
    }

    /** The Node-ID (hex) of the signer of a fetched value; null for values about to be stored. */
    public String signer() {
        return signer;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OverlayValue v && v.exists == exists && v.index == index && Arrays.equals(v.value, value) && Arrays.equals(v.key, key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value) * 31 + Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return (key != null ? new String(key, java.nio.charset.StandardCharsets.UTF_8) + "=" : index >= 0 ? "[" + index + "]=" : "")
                + (exists ? new String(value, java.nio.charset.StandardCharsets.UTF_8) : "(removed)");
    }
}
