package org.polycast.core.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

import org.polycast.api.HamUri;

/**
 * Suppresses copies of one message that reach a socket over several Interfaces.
 * <ul>
 * <li>Fragmented messages carry a sender and message id: a second copy within the window is a
 * duplicate, exactly.</li>
 * <li>Unfragmented messages carry no header (to stay interoperable with plain multicast), so
 * they are recognised by group, length and CRC-32C of the content, counting per Interface how
 * often the content arrived within the window: the k-th arrival over an Interface is delivered
 * only if no other Interface has delivered k copies already. So an application that sends the
 * same bytes twice is heard twice, and each second copy over another Interface is dropped,
 * whatever the order the Interfaces deliver in.</li>
 * </ul>
 * The content rule assumes that each Interface receives one copy of each message sent, which
 * holds for Interfaces of different technologies or on different networks. Two Interfaces of a
 * socket attached to the same multicast network hear each other's copies; for such a set-up,
 * remove one with {@code delInterface} or use the {@code best} selection policy.
 * Bounded in entries and time.
 */
final class DuplicateFilter {
    private static final int MAX_ENTRIES = 16384;

    private record ContentKey(HamUri group, int length, long crc) {
    }

    private static final class Seen {
        long expires;
        /** Arrivals per Interface index, and the most over all Interfaces. */
        final Map<Integer, Integer> arrivals = new java.util.HashMap<>(4);
        int delivered;
    }

    private final long windowNanos;
    private final Map<Object, Seen> seen = new LinkedHashMap<>();

    DuplicateFilter(long windowMillis) {
        this.windowNanos = windowMillis * 1_000_000L;
    }

    /** True if the message should be delivered, false if it is a duplicate. */
    synchronized boolean accept(HamUri group, int ifIndex, Reassembler.MessageKey id, byte[] payload) {
        if (windowNanos == 0) {
            return true;
        }
        long now = System.nanoTime();
        expire(now);
        Object key = id != null ? id : contentKey(group, payload);
        Seen s = seen.remove(key);
        if (s == null || now - s.expires > 0) {
            s = new Seen();
        }
        int arrivals = s.arrivals.merge(ifIndex, 1, Integer::sum);
        boolean deliver = id != null ? s.delivered == 0 : arrivals > s.delivered;
        if (deliver) {
            s.delivered = id != null ? 1 : arrivals;
        }
        s.expires = now + windowNanos;
        seen.put(key, s);
        if (seen.size() > MAX_ENTRIES) {
            Iterator<Seen> oldest = seen.values().iterator();
            oldest.next();
            oldest.remove();
        }
        return deliver;
    }

    private static ContentKey contentKey(HamUri group, byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload, 0, payload.length);
        return new ContentKey(group, payload.length, crc.getValue());
    }

    private void expire(long now) {
        for (Iterator<Seen> it = seen.values().iterator(); it.hasNext(); ) {
            if (now - it.next().expires > 0) {
                it.remove();
            } else {
                break;
            }
        }
    }
}
