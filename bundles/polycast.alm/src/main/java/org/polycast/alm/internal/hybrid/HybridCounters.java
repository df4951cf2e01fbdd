package org.polycast.alm.internal.hybrid;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The hybrid part's event counters, shown by {@code ham:alm} (counted from any thread). */
final class HybridCounters {
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

    void count(String name) {
        counters.computeIfAbsent(name, n -> new LongAdder()).increment();
    }

    /** {@code hybrid counters: a=1 b=2}, sorted by name. */
    String line() {
        StringBuilder c = new StringBuilder("hybrid counters:");
        new TreeMap<>(counters).forEach((k, v) -> c.append(' ').append(k).append('=').append(v.sum()));
        return c.toString();
    }
}
