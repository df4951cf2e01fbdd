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
 * window. A payload is remembered by its length and two independent 32-bit hashes (CRC-32C and
 * Java's array hash), not by a copy: at 8 KiB and tens of thousands of messages per second, copies
 * kept for the window cost hundreds of megabytes. Bounded in entries.
 */
final class EchoFilter {
    private record Key(String group, int length, long hash) {
    }

    private record Sent(Key key, long at) {
    }

    private static final int MAX_ENTRIES = 65536;

    private final long windowNanos;
    private final ArrayDeque<Sent> order = new ArrayDeque<>();
    private final Map<Key, Integer> live = new HashMap<>();

    EchoFilter(long windowMillis) {
        this.windowNanos = windowMillis * 1_000_000L;
    }

    synchronized void sent(String group, byte[] payload, long now) {
        expire(now);
        if (order.size() >= MAX_ENTRIES) {
            forget(order.removeFirst());
        }
        Sent s = new Sent(key(group, payload), now);
        order.addLast(s);
        live.merge(s.key(), 1, Integer::sum);
    }

    /** True if the same payload was sent to the group within the window. */
    synchronized boolean isEcho(String group, byte[] payload, long now) {
        expire(now);
        return live.containsKey(key(group, payload));
    }

    private void expire(long now) {
        while (!order.isEmpty() && now - order.peekFirst().at() > windowNanos) {
            forget(order.removeFirst());
        }
    }

    private void forget(Sent s) {
        live.computeIfPresent(s.key(), (k, v) -> v == 1 ? null : v - 1);
    }

    private static Key key(String group, byte[] payload) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(payload, 0, payload.length);
        return new Key(group, payload.length, crc.getValue() << 32 | (Arrays.hashCode(payload) & 0xffffffffL));
    }
}
