package org.polycast.alm.internal.tree;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The Pushes a peer passed on lately for one tree, oldest first, as encoded: what a child that
 * re-joins after a cut asks for, and what a peer that stayed on the tree without being a member
 * delivers to itself when it becomes one again. Bounded in age, count and bytes.
 */
final class RecentPushes {
    private record Entry(long at, byte[] encoded) {
    }

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final int maxMessages;
    private final long maxBytes;
    private long bytes;

    RecentPushes(int maxMessages, long maxBytes) {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
    }

    /** Keeps a Push passed on at {@code now}; forgets what is older than {@code horizon} or beyond the bounds. */
    void add(long now, byte[] encoded, long horizon) {
        entries.addLast(new Entry(now, encoded));
        bytes += encoded.length;
        while (!entries.isEmpty() && (entries.size() > maxMessages || bytes > maxBytes || entries.peekFirst().at() < horizon)) {
            bytes -= entries.removeFirst().encoded().length;
        }
    }

    /** The encoded Pushes passed on at or after {@code since}, oldest first. */
    List<byte[]> since(long since) {
        return entries.stream().filter(e -> e.at() >= since).map(Entry::encoded).toList();
    }
}
