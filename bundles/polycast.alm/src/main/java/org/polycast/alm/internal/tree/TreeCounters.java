package org.polycast.alm.internal.tree;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/** The trees' counters, by {@link AlmCounter}; written on the ALM thread and read from any. */
public final class TreeCounters {
    private final LongAdder[] values = new LongAdder[AlmCounter.values().length];
    private final boolean trace = Boolean.getBoolean("polycast.alm.trace");
    private final java.util.function.Consumer<AlmCounter> tracer;

    TreeCounters(java.util.function.Consumer<AlmCounter> tracer) {
        for (int i = 0; i < values.length; i++) {
            values[i] = new LongAdder();
        }
        this.tracer = tracer;
    }

    void add(AlmCounter c) {
        values[c.ordinal()].increment();
        if (trace) {
            tracer.accept(c);
        }
    }

    void add(AlmCounter c, long n) {
        values[c.ordinal()].add(n);
    }

    public long get(AlmCounter c) {
        return values[c.ordinal()].sum();
    }

    /** The counters that are not zero, by label. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        for (AlmCounter c : AlmCounter.values()) {
            long v = values[c.ordinal()].sum();
            if (v != 0) {
                out.put(c.label(), v);
            }
        }
        return out;
    }
}
