package org.polycast.gateway.internal;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Remembers what a gateway sent into one side for a short window, so that copies that come back
 * from that side (multicast loop, a tree delivering to its own source, another Interface of the
 * same domain) are not forwarded again. Every copy within the window counts as an echo: a loop
 * costs more than the rare identical payload that another host sends to the same group within the
 * window. Bounded in entries.
 */
final class EchoFilter {
    private record Sent(String key, byte[] payload, long at) {
    }

    private static final int MAX_ENTRIES = 65536;

    private final long windowNanos;
    private final ArrayDeque<Sent> order = new ArrayDeque<>();
    private final Map<String, Integer> live = new HashMap<>();

    EchoFilter(long windowMillis) {
        this.windowNanos = windowMillis * 1_000_000L;
    }

    synchronized void sent(String group, byte[] payload, long now) {
        expire(now);
        if (order.size() >= MAX_ENTRIES) {
            forget(order.removeFirst());
        }
        Sent s = new Sent(key(group, payload), payload, now);
        order.addLast(s);
        live.merge(s.key(), 1, Integer::sum);
    }

    /** True if the same payload was sent to the group within the window. */
    synchronized boolean isEcho(String group, byte[] payload, long now) {
        expire(now);
        String k = key(group, payload);
        if (!live.containsKey(k)) {
            return false;
        }
        // A hash match; confirm on the bytes (newest first: echoes come soon).
        for (var it = order.descendingIterator(); it.hasNext(); ) {
            Sent s = it.next();
            if (s.key().equals(k) && Arrays.equals(s.payload(), payload)) {
                return true;
            }
        }
        return false;
    }

    private void expire(long now) {
        while (!order.isEmpty() && now - order.peekFirst().at() > windowNanos) {
            forget(order.removeFirst());
        }
    }

    private void forget(Sent s) {
        live.computeIfPresent(s.key(), (k, v) -> v == 1 ? null : v - 1);
    }

    private static String key(String group, byte[] payload) {
        return group + "#" + payload.length + "#" + Arrays.hashCode(payload);
    }
}
