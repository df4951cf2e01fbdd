package org.polycast.alm.internal.tree;

import java.util.Map;

/**
 * Which (origin, sequence) pairs a peer has seen for one group, so that a message that arrives twice
 * while the tree re-forms is delivered and forwarded once. Per origin: the highest sequence and a
 * window of the {@value #WINDOW} sequences below it, so that a Push a source retried for seconds, or a
 * replay after a re-join, is still told apart from what came since (a 64-message window lost such late
 * copies as "too old" at 20 messages a second; at 20,000 a second, 16,384 cover 0.8 s). Origins beyond {@code maxOrigins} are forgotten oldest first.
 */
final class Deduplicator {
    static final int WINDOW = 16384;

    private static final class Window {
        long highest;
        /** Bit (sequence mod WINDOW) set: that sequence was seen; covers highest - WINDOW + 1 .. highest. */
        final long[] bits = new long[WINDOW / 64];

        boolean test(long sequence) {
            int i = (int) Math.floorMod(sequence, (long) WINDOW);
            return (bits[i >>> 6] & 1L << (i & 63)) != 0;
        }

        void set(long sequence, boolean on) {
            int i = (int) Math.floorMod(sequence, (long) WINDOW);
            if (on) {
                bits[i >>> 6] |= 1L << (i & 63);
            } else {
                bits[i >>> 6] &= ~(1L << (i & 63));
            }
        }
    }

    private final int maxOrigins;
    private final Map<Object, Window> origins;

    Deduplicator(int maxOrigins) {
        this.maxOrigins = maxOrigins;
        this.origins = new java.util.LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Window> eldest) {
                return size() > Deduplicator.this.maxOrigins;
            }
        };
    }

    /** True the first time a pair is seen (and records it); false for a repeat or one too old to tell. */
    boolean firstTime(Object origin, long sequence) {
        Window w = origins.get(origin);
        if (w == null) {
            w = new Window();
            w.highest = sequence;
            w.set(sequence, true);
            origins.put(origin, w);
            return true;
        }
        if (sequence > w.highest) {
            if (sequence - w.highest >= WINDOW) {
                java.util.Arrays.fill(w.bits, 0);
            } else {
                for (long s = w.highest + 1; s < sequence; s++) {
                    w.set(s, false); // the slots of the sequences skipped now stand for them, unseen
                }
            }
            w.highest = sequence;
            w.set(sequence, true);
            return true;
        }
        if (w.highest - sequence >= WINDOW || w.test(sequence)) {
            return false;
        }
        w.set(sequence, true);
        return true;
    }

    private final java.util.Set<Object> announced = new java.util.HashSet<>();

    /** True the first time an origin is delivered (the new-source event). */
    boolean newOrigin(Object origin) {
        return announced.size() < maxOrigins && announced.add(origin);
    }
}
