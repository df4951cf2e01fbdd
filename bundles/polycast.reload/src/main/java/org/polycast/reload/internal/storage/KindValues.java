package org.polycast.reload.internal.storage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.polycast.reload.internal.config.KindDefinition;
import org.polycast.reload.internal.message.StoredData;
import org.polycast.reload.internal.message.StoredDataValue;
import org.polycast.reload.internal.wire.ErrorCode;

/**
 * The values of one kind at one resource, by the kind's data model (RFC 6940 §7.2), with the kind's
 * generation counter. Applies the storage-time rule (§7.4.1.1: a value replaces another only if it was
 * stored later) and the kind's max-count and max-size.
 */
final class KindValues {
    private final KindDefinition kind;
    private long generation;
    private StoredData single;
    private final TreeMap<Long, StoredData> array = new TreeMap<>();
    private final Map<ByteBuffer, StoredData> dictionary = new LinkedHashMap<>();

    KindValues(KindDefinition kind) {
        this.kind = kind;
    }

    long generation() {
        return generation;
    }

    KindDefinition kind() {
        return kind;
    }

    /** Checks every value first, then stores them all: a store is atomic. Returns the new generation. */
    long store(long requestedGeneration, List<StoredData> values, boolean replica) throws StoreRefusedException {
        if (!replica && requestedGeneration != 0 && requestedGeneration != generation) {
            throw new StoreRefusedException(ErrorCode.GENERATION_COUNTER_TOO_LOW,
                    "generation " + requestedGeneration + " does not match the stored " + generation);
        }
        int added = 0;
        long nextIndex = array.isEmpty() ? 0 : array.lastKey() + 1;
        List<StoredData> placed = new ArrayList<>(values.size());
        for (StoredData d : values) {
            if (d.value().value().length > kind.maxSize()) {
                throw new StoreRefusedException(ErrorCode.DATA_TOO_LARGE,
                        "a value of " + d.value().value().length + " octets exceeds max-size " + kind.maxSize() + " of " + kind.name());
            }
            if (d.value().model() != kind.model()) {
                throw new StoreRefusedException(ErrorCode.INVALID_MESSAGE, "a " + d.value().model() + " value for " + kind.model() + " kind " + kind.name());
            }
            StoredData placedValue = d;
            if (d.value() instanceof StoredDataValue.ArrayEntry a && a.index() == StoredDataValue.APPEND) {
                placedValue = new StoredData(d.storageTime(), d.lifetime(), new StoredDataValue.ArrayEntry(nextIndex++, a.exists(), a.value()),
                        d.signature());
            }
            StoredData existing = existing(placedValue.value());
            if (existing != null && existing.storageTime() >= placedValue.storageTime()) {
                if (existing.storageTime() == placedValue.storageTime() && existing.value().equals(placedValue.value())) {
                    continue; // the same value again (a retransmission or a replica refresh)
                }
                throw new StoreRefusedException(ErrorCode.DATA_TOO_OLD, "storage_time " + placedValue.storageTime() + " is not newer than the stored "
                        + existing.storageTime());
            }
            if (existing == null) {
                added++;
            }
            placed.add(placedValue);
        }
        if (count() + added > kind.maxCount()) {
            throw new StoreRefusedException(ErrorCode.DATA_TOO_LARGE, "more than max-count " + kind.maxCount() + " values of " + kind.name());
        }
        for (StoredData d : placed) {
            put(d);
        }
        if (!placed.isEmpty() || generation == 0) {
            generation++;
        }
        return generation;
    }

    private StoredData existing(StoredDataValue v) {
        if (v instanceof StoredDataValue.ArrayEntry a) {
            return array.get(a.index());
        }
        if (v instanceof StoredDataValue.DictionaryEntry d) {
            return dictionary.get(ByteBuffer.wrap(d.key()));
        }
        return single;
    }

    private void put(StoredData d) {
        if (d.value() instanceof StoredDataValue.ArrayEntry a) {
            array.put(a.index(), d);
        } else if (d.value() instanceof StoredDataValue.DictionaryEntry e) {
            dictionary.put(ByteBuffer.wrap(e.key()), d);
        } else {
            single = d;
        }
    }

    int count() {
        return (single != null ? 1 : 0) + array.size() + dictionary.size();
    }

    /** Every value, for fetches of everything and for replication. */
    List<StoredData> all() {
        List<StoredData> out = new ArrayList<>();
        if (single != null) {
            out.add(single);
        }
        out.addAll(array.values());
        out.addAll(dictionary.values());
        return out;
    }

    /** The array values whose index lies in [first, last]; 0xFFFFFFFF as last means the end. */
    List<StoredData> range(long first, long last) {
        return new ArrayList<>(array.subMap(first, true, last, true).values());
    }

    StoredData key(byte[] key) {
        return dictionary.get(ByteBuffer.wrap(key));
    }

    StoredData single() {
        return single;
    }

    /** Drops values whose lifetime has passed; true if none is left. */
    boolean expire(long now) {
        if (single != null && single.expiredAt(now)) {
            single = null;
        }
        array.values().removeIf(d -> d.expiredAt(now));
        dictionary.values().removeIf(d -> d.expiredAt(now));
        return count() == 0;
    }
}
