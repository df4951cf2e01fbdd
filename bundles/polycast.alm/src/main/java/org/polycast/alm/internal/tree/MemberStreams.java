package org.polycast.alm.internal.tree;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

import org.polycast.alm.internal.wire.DataRecord;

/**
 * What a member delivers of one tree, per origin: in sequence order, each message once, and (with source authentication)
 * only once a manifest its origin signed and this member verified lists the message's hash. Messages wait here for a
 * missing predecessor (a re-forming tree replays it, or an overlay-path copy overtakes) at most {@code gapWaitMillis}; then
 * the gap is counted lost and delivery goes on. A message is dropped as unverified once manifests of two later runs of
 * its origin have been verified and it has waited {@code gapWaitMillis} (manifests follow their messages: its own was
 * lost), or after {@code verifyWaitMillis} in any case. A SKIP from the parent counts its gap lost at once. Bounded by
 * {@code maxHeldBytes} per tree: beyond it the oldest gap is given up. Runs on the ALM thread.
 */
final class MemberStreams {
    /**
     * A new origin's first messages wait this long for earlier ones that may still be on their way (over the overlay path
     * they can overtake each other) before delivery starts at the lowest number seen. Half a gap wait: 100 ms lost the
     * first two of ten messages (50 ms apart) to a member on a loaded CI machine (AlmIT), whose earlier copies came the
     * long way round; a gap later in the stream waits {@code gapWaitMillis} anyway.
     */
    static final long START_WAIT_MILLIS = 500;
    /** A sequence more than this far ahead of what is expected starts a new numbering: the origin restarted. */
    static final long RESTART_JUMP = 1L << 28;
    /** Hashes from verified manifests kept per origin ahead of their messages. */
    private static final int MAX_EXPECTED = 1 << 16;

    /** Where deliverable messages go: the DATA record, whose payload starts at {@link DataRecord#DATA_HEADER}. */
    interface Delivery {
        void deliver(String origin, byte[] record);
    }

    record Settings(boolean verify, long gapWaitMillis, long verifyWaitMillis, long maxHeldBytes) {
    }

    private static final class Held {
        final byte[] record;
        final byte[] hash;
        final long at;
        boolean verified;

        Held(byte[] record, byte[] hash, long at, boolean verified) {
            this.record = record;
            this.hash = hash;
            this.at = at;
            this.verified = verified;
        }
    }

    private static final class Stream {
        /** The origin, as hex (what the application is told). */
        final String hex;
        /** The next sequence to deliver; -1 before the first message. */
        long next = -1;
        final TreeMap<Long, Held> held = new TreeMap<>();
        /** Hashes verified manifests list for messages not here yet. */
        final TreeMap<Long, byte[]> expected = new TreeMap<>();
        /** When delivery first waited for the missing message at {@link #next}; 0 while nothing waits. */
        long gapSince;
        /** When the first message of a new origin (or numbering) arrived; delivery starts {@link #START_WAIT_MILLIS} later. */
        long startAt;
        /** The parent said it dropped this origin's messages before this one: missing ones before it are lost, no waiting. */
        long skipTo = -1;
        /** The first sequences of the latest two runs verified manifests covered (-1: none yet). */
        long latestFirst = -1;
        long previousFirst = -1;

        Stream(String hex) {
            this.hex = hex;
        }
    }

    private final Settings settings;
    private final ScribeTrees.Clock clock;
    private final TreeCounters counters;
    private final Delivery delivery;
    private final Map<DataRecord.Origin, Stream> streams = new HashMap<>();
    private long heldBytes;

    MemberStreams(Settings settings, ScribeTrees.Clock clock, TreeCounters counters, Delivery delivery) {
        this.settings = settings;
        this.clock = clock;
        this.counters = counters;
        this.delivery = delivery;
    }

    /** A DATA record of the tree (forwarded once already: duplicates of the flood are gone). */
    void data(byte[] record) {
        DataRecord.Origin key = DataRecord.originKey(record);
        long seq = DataRecord.sequence(record);
        Stream s = streams.get(key);
        if (s == null) {
            s = new Stream(key.hex());
            streams.put(key, s);
        }
        if (s.next >= 0 && seq - s.next > RESTART_JUMP) {
            giveUpAll(s); // the origin restarted: what waited of its old numbering will not come
            s.next = -1;
            s.gapSince = 0;
        }
        if (s.next < 0 && s.startAt == 0) {
            s.startAt = clock.nowMillis();
        }
        if (s.next >= 0 && seq < s.next) {
            counters.add(AlmCounter.MESSAGES_LATE);
            return;
        }
        if (s.held.containsKey(seq)) {
            counters.add(AlmCounter.DUPLICATES_DROPPED);
            return;
        }
        byte[] hash = settings.verify ? DataRecord.hash(record, DataRecord.DATA_HEADER, record.length - DataRecord.DATA_HEADER) : null;
        boolean verified = !settings.verify;
        byte[] listed = settings.verify ? s.expected.remove(seq) : null;
        if (listed != null) {
            if (!Arrays.equals(listed, hash)) {
                counters.add(AlmCounter.MESSAGES_FORGED);
                return;
            }
            verified = true;
        }
        s.held.put(seq, new Held(record, hash, clock.nowMillis(), verified));
        heldBytes += record.length;
        drain(s);
        while (heldBytes > settings.maxHeldBytes && evictOldest()) {
            // the reorder and verification buffer stays within its bound
        }
    }

    /** A manifest of the tree whose signature checked: the messages it lists may be delivered. */
    void manifest(DataRecord.Manifest m) {
        DataRecord.Origin key = DataRecord.originKey(m.encode());
        Stream s = streams.get(key);
        if (s == null) {
            s = new Stream(m.originHex());
            streams.put(key, s);
        }
        for (int i = 0; i < m.count(); i++) {
            long seq = m.first() + i;
            if (s.next >= 0 && seq < s.next) {
                continue;
            }
            Held h = s.held.get(seq);
            byte[] listed = m.hash(i);
            if (h == null) {
                s.expected.put(seq, listed);
            } else if (!h.verified) {
                if (Arrays.equals(h.hash, listed)) {
                    h.verified = true;
                } else {
                    counters.add(AlmCounter.MESSAGES_FORGED);
                    s.held.remove(seq);
                    heldBytes -= h.record.length;
                }
            }
        }
        while (s.expected.size() > MAX_EXPECTED) {
            s.expected.pollFirstEntry();
        }
        if (m.first() > s.latestFirst) {
            s.previousFirst = s.latestFirst;
            s.latestFirst = m.first();
        }
        drain(s);
    }

    /** The parent dropped this origin's messages before {@code next} for this peer (it was too slow): lost, no waiting. */
    void skip(DataRecord.Origin origin, long next) {
        Stream s = streams.get(origin);
        if (s == null || s.next < 0 || next <= s.next) {
            return;
        }
        // What is held of the range came before the parent began to drop, and may still be verified: only the missing count.
        s.skipTo = Math.max(s.skipTo, next);
        drain(s);
    }

    /** Delivers what is in order and verified; starts the gap clock when the next one is missing. */
    private void drain(Stream s) {
        if (s.next < 0) {
            return; // the start wait is not over
        }
        while (true) {
            Map.Entry<Long, Held> first = s.held.firstEntry();
            if (s.next < s.skipTo && (first == null || first.getKey() > s.next)) {
                long to = first == null ? s.skipTo : Math.min(first.getKey(), s.skipTo);
                counters.add(AlmCounter.MESSAGES_LOST, to - s.next);
                s.next = to;
                s.gapSince = 0;
                continue;
            }
            if (first == null) {
                s.gapSince = 0;
                return;
            }
            if (first.getKey() != s.next) {
                if (s.gapSince == 0) {
                    s.gapSince = clock.nowMillis();
                }
                return;
            }
            Held h = first.getValue();
            if (!h.verified) {
                return;
            }
            s.held.pollFirstEntry();
            heldBytes -= h.record.length;
            s.next++;
            s.gapSince = 0;
            while (!s.expected.isEmpty() && s.expected.firstKey() < s.next) {
                s.expected.pollFirstEntry();
            }
            delivery.deliver(s.hex, h.record);
        }
    }

    /** Gives up gaps waited on for longer than gapWaitMillis, and messages no manifest verified within verifyWaitMillis. */
    void tick() {
        long now = clock.nowMillis();
        for (Iterator<Map.Entry<DataRecord.Origin, Stream>> it = streams.entrySet().iterator(); it.hasNext();) {
            Map.Entry<DataRecord.Origin, Stream> e = it.next();
            Stream s = e.getValue();
            if (s.next < 0 && !s.held.isEmpty() && now - s.startAt >= START_WAIT_MILLIS) {
                s.next = s.held.firstKey();
                s.startAt = 0;
                drain(s);
            }
            boolean moved = s.next >= 0;
            while (moved) {
                moved = false;
                Map.Entry<Long, Held> first = s.held.firstEntry();
                if (first == null) {
                    break;
                }
                if (first.getKey() != s.next && s.gapSince > 0 && now - s.gapSince >= settings.gapWaitMillis) {
                    counters.add(AlmCounter.MESSAGES_LOST, first.getKey() - s.next);
                    s.next = first.getKey();
                    s.gapSince = 0;
                    moved = true;
                } else if (first.getKey() == s.next && !first.getValue().verified && (now - first.getValue().at >= settings.verifyWaitMillis
                        || now - first.getValue().at >= settings.gapWaitMillis && s.previousFirst >= 0 && first.getKey() < s.previousFirst)) {
                    // No manifest came for it, or two later ones did and a gap wait has passed: its own was lost.
                    counters.add(AlmCounter.MESSAGES_UNVERIFIED);
                    s.held.pollFirstEntry();
                    heldBytes -= first.getValue().record.length;
                    s.next++;
                    moved = true;
                }
                if (moved) {
                    drain(s);
                }
            }
        }
    }

    /** Over the bound: the oldest waiting message of the stream that holds it goes (with the gap before it). */
    private boolean evictOldest() {
        DataRecord.Origin oldestOrigin = null;
        long oldestAt = Long.MAX_VALUE;
        for (Map.Entry<DataRecord.Origin, Stream> e : streams.entrySet()) {
            Map.Entry<Long, Held> first = e.getValue().held.firstEntry();
            if (first != null && first.getValue().at < oldestAt) {
                oldestAt = first.getValue().at;
                oldestOrigin = e.getKey();
            }
        }
        if (oldestOrigin == null) {
            return false;
        }
        Stream s = streams.get(oldestOrigin);
        Map.Entry<Long, Held> first = s.held.pollFirstEntry();
        heldBytes -= first.getValue().record.length;
        counters.add(AlmCounter.RECEIVE_OVERFLOW);
        if (first.getKey() > s.next) {
            counters.add(AlmCounter.MESSAGES_LOST, first.getKey() - s.next);
        }
        s.next = first.getKey() + 1;
        s.gapSince = 0;
        drain(s);
        return true;
    }

    private void giveUpAll(Stream s) {
        for (Held h : s.held.values()) {
            heldBytes -= h.record.length;
        }
        s.held.clear();
        s.expected.clear();
    }

    long heldBytes() {
        return heldBytes;
    }

    /** Messages waiting, over all origins. */
    int held() {
        int n = 0;
        for (Stream s : streams.values()) {
            n += s.held.size();
        }
        return n;
    }
}
