package org.polycast.reload.internal.message;

import java.util.Arrays;

import org.polycast.reload.internal.wire.ReloadFormatException;
import org.polycast.reload.internal.wire.WireReader;
import org.polycast.reload.internal.wire.WireWriter;

/** A stored value (RFC 6940 §7.2): a single DataValue, an array entry, or a dictionary entry; each has exists and the value bytes. */
public sealed interface StoredDataValue {
    /** The array index that appends (§7.2.2). */
    long APPEND = 0xffffffffL;

    boolean exists();

    byte[] value();

    DataModel model();

    void write(WireWriter w);

    /** The same value with its array index zeroed, as signed (§7.1). */
    default StoredDataValue forSigning() {
        return this;
    }

    record Single(boolean exists, byte[] value) implements StoredDataValue {
        @Override
        public DataModel model() {
            return DataModel.SINGLE;
        }

        @Override
        public void write(WireWriter w) {
            w.bool(exists).opaque(4, value);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Single s && s.exists == exists && Arrays.equals(s.value, value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }
    }

    record ArrayEntry(long index, boolean exists, byte[] value) implements StoredDataValue {
        @Override
        public DataModel model() {
            return DataModel.ARRAY;
        }

        @Override
        public void write(WireWriter w) {
            w.u32(index).bool(exists).opaque(4, value);
        }

        @Override
        public StoredDataValue forSigning() {
            return new ArrayEntry(0, exists, value);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ArrayEntry s && s.index == index && s.exists == exists && Arrays.equals(s.value, value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value) + (int) index;
        }
    }

    record DictionaryEntry(byte[] key, boolean exists, byte[] value) implements StoredDataValue {
        @Override
        public DataModel model() {
            return DataModel.DICTIONARY;
        }

        @Override
        public void write(WireWriter w) {
            w.opaque(2, key).bool(exists).opaque(4, value);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof DictionaryEntry s && Arrays.equals(s.key, key) && s.exists == exists && Arrays.equals(s.value, value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(key) * 31 + Arrays.hashCode(value);
        }
    }

    static StoredDataValue read(WireReader r, DataModel model) throws ReloadFormatException {
        return switch (model) {
            case SINGLE -> new Single(r.bool("exists"), r.opaque(4, "value"));
            case ARRAY -> new ArrayEntry(r.u32("index"), r.bool("exists"), r.opaque(4, "value"));
            case DICTIONARY -> new DictionaryEntry(r.opaque(2, "key"), r.bool("exists"), r.opaque(4, "value"));
        };
    }
}
