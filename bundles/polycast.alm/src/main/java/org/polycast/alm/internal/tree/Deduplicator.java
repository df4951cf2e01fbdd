package org.polycast.alm.internal.tree;

import java.util.Map;

/**
 * Which (origin, sequence) pairs a peer has seen for one group, so that a message that arrives twice
 * while the tree re-forms is delivered and forwarded once. Per origin: the highest sequence and a
 * 64-bit window below it; origins beyond {@code maxOrigins} are forgotten oldest first.
 */
final class Deduplicator {
    private static final class Window {
        long highest;
        long mask;
    }

    private final int maxOrigins;
    private final Map<String, Window> origins;

    Deduplicator(int maxOrigins) {
        this.maxOrigins = maxOrigins;
        this.origins = new java.util.LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
                return size() > Deduplicator.this.maxOrigins;
            }
        };
    }

    /** True the first time a pair is seen (and records it); false for a repeat or one too old to tell. */
    boolean firstTime(String origin, long sequence) {
        Window w = origins.get(origin);
        if (w == null) {
            w = new Window();
            w.highest = sequence;
            w.mask = 1;
            origins.put(origin, w);
            return true;
        }
        if (sequence > w.highest) {
            long shift = sequence - w.highest;
            w.mask = shift >= 64 ? 1 : (w.mask << shift) | 1;
            w.highest = sequence;
            return true;
        }
        long back = w.highest - sequence;
        if (back >= 64) {
            return false;
        }
        long bit = 1L << back;
        if ((w.mask & bit) != 0) {
            return false;
        }
        w.mask |= bit;
        return true;
    }

    private final java.util.Set<String> announced = new java.util.HashSet<>();

    /** True the first time an origin is delivered (the new-source event). */
    boolean newOrigin(String origin) {
        return announced.size() < maxOrigins && announced.add(origin);
    }
}
