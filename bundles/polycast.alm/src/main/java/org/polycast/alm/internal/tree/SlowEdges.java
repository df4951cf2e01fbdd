package org.polycast.alm.internal.tree;

import java.util.HexFormat;

import org.polycast.alm.internal.wire.DataRecord;

/**
 * Watches a tree's edges for a member that holds the tree back ({@link DataPlane}'s flow control would otherwise slow
 * every member to its pace): an edge full for {@code slowMemberMillis} at a stretch while a sibling had room is probed
 * (for a second it holds nobody back and loses nothing); if it drained less than a quarter of what it was handed, twice
 * in a row, it is slow (lagging): its records are dropped, counted, until it drains; then it is on probation (records
 * while it has room, dropped and SKIPped while full, never holding the tree back) until a window passes with nothing
 * dropped for it. Runs on the ALM thread, from the data plane's tick and send path.
 */
final class SlowEdges {
    /** A full edge is suspect when a sibling had room for this share of slowMemberMillis. */
    static final double ROOM_SHARE = 0.75;
    /** How long a suspect edge runs unhindered to show whether it keeps up. */
    static final long PROBE_MILLIS = 1000;
    /**
     * A probed edge is slow when it drained less than this share of what it was handed, in {@value #SLOW_PROBES} probes in
     * a row: a member at a tenth of the others' pace is far below it; on a machine whose cores are saturated (the
     * benchmark's seven runtimes on two cores) a member that merely does more work than its siblings (a forwarder) can
     * drain half for a second or two, and half was measured to cut such members loose.
     */
    static final double SLOW_SHARE = 0.25;
    static final int SLOW_PROBES = 2;
    /** A probe ends early once this much waits on the edge's link (its queue is bounded while it holds nobody back). */
    static final long PROBE_PENDING_LIMIT = 8L << 20;

    private final TreeContext c;
    private final EdgeLinks links;

    SlowEdges(TreeContext c, EdgeLinks links) {
        this.c = c;
        this.links = links;
    }

    /** Whether a full edge holds its tree back now (neither slow, nor on probation, nor probed). */
    static boolean holdsBack(EdgeLinks.Edge e) {
        return !e.lagging && !e.probation && e.probeUntil == 0;
    }

    /**
     * Drops a record for a slow edge (or a full one on probation), counting it and noting what to SKIP; false when the
     * record is to be sent. (On probation a full edge still gets manifests: they are small, and without one the data it
     * did get is unverifiable.)
     */
    boolean drops(Tree t, EdgeLinks.Edge e, byte[] record, int type) {
        if (e.probation && e.writable() && !e.skipped.isEmpty()) {
            sendSkips(t, e); // what it lost while full on probation, before what comes now
        }
        if (!e.lagging && !(e.probation && !e.writable() && type != DataRecord.MANIFEST)) {
            return false;
        }
        c.count(AlmCounter.DROPPED_SLOW_EDGE);
        e.dropped++;
        if (type == DataRecord.DATA) {
            e.skipped.put(DataRecord.origin(record), DataRecord.sequence(record) + 1);
        }
        return true;
    }

    /** One tick's look at a tree's edges; true when one changed in a way that matters to flow control. */
    boolean watch(Tree t, long now) {
        boolean changed = false;
        int window = (int) Math.max(1, c.data.slowMemberMillis() / DataPlane.TICK_MILLIS);
        for (EdgeLinks.Edge e : links.edges(t.group)) {
            e.sample(window);
            if (e.writable()) {
                e.unwritableSince = 0;
                if (e.lagging) {
                    recovered(t, e);
                    changed = true;
                }
            } else if (e.unwritableSince == 0) {
                e.unwritableSince = now;
            }
            if (e.probation && e.writable() && !e.skipped.isEmpty()) {
                sendSkips(t, e); // the tail it lost while full, also when nothing follows it
            }
            if (e.probation && e.windowFull(window) && e.droppedInWindow() == 0) {
                e.probation = false; // it took everything for a whole window: it holds the tree back again when full
                changed = true;
            }
        }
        for (EdgeLinks.Edge e : links.edges(t.group)) {
            if (e.probeUntil > 0 && (now >= e.probeUntil || e.pendingBytes() > PROBE_PENDING_LIMIT)) {
                changed = true;
                if (!probedSlow(e)) {
                    e.slowProbes = 0;
                } else if (++e.slowProbes < SLOW_PROBES) {
                    startProbe(e, now); // once more at once: a busy machine can starve a member for a second
                } else {
                    e.slowProbes = 0;
                    e.lagging = true;
                    c.count(AlmCounter.EDGES_LAGGING);
                    c.listener.slowEdge(t.group, e.peer);
                }
            }
            // Full for a whole window at a stretch while a sibling had room: the edge holds the tree back. Whether it is
            // slow or the tree's pace is merely its pace (a busy machine, a member a little behind) only shows when it does
            // not: a probe. (An edge full in short spells for most of the window, as a throttled member's is, is not
            // suspected: on saturated cores a forwarder backed up by its own subtree looks the same and fails its probe;
            // measured, it cut four of six members loose. See WIRE-NOTES.)
            boolean fullSpell = e.unwritableSince > 0 && now - e.unwritableSince >= c.data.slowMemberMillis();
            if (!e.lagging && !e.probation && e.probeUntil == 0 && now >= e.nextProbeAt && fullSpell && siblingHadRoom(t, e)) {
                startProbe(e, now);
                changed = true;
            }
        }
        return changed;
    }

    /** A slow edge has drained: it gets records again, after a SKIP per origin it missed some of. */
    void recovered(Tree t, EdgeLinks.Edge e) {
        e.lagging = false;
        e.probation = true;
        e.unwritableSince = 0; // its time full starts anew (it had kept the start of the spell that made it slow)
        e.resetSamples(); // and probation ends only after a whole window of its own
        sendSkips(t, e);
    }

    /** Tells an edge, per origin, the sequence after the last record it was not sent. */
    private void sendSkips(Tree t, EdgeLinks.Edge e) {
        for (var s : e.skipped.entrySet()) {
            links.send(t.group, e.peer, DataRecord.skip(HexFormat.of().parseHex(s.getKey()), s.getValue()), null);
            c.count(AlmCounter.SKIPS_SENT);
        }
        e.skipped.clear();
    }

    private void startProbe(EdgeLinks.Edge e, long now) {
        e.probeUntil = now + PROBE_MILLIS;
        e.probeSentBytes = e.sentBytes;
        e.probePendingBytes = e.pendingBytes();
        c.count(AlmCounter.EDGES_PROBED);
    }

    /**
     * Ends a probe: slow if the edge drained less than {@value #SLOW_SHARE} of what it was handed meanwhile (what the tree
     * carried while it held nobody back). The next probe of it waits a window.
     */
    private boolean probedSlow(EdgeLinks.Edge e) {
        long handed = e.sentBytes - e.probeSentBytes;
        long drained = handed - (e.pendingBytes() - e.probePendingBytes);
        e.probeUntil = 0;
        e.nextProbeAt = c.clock.nowMillis() + c.data.slowMemberMillis();
        return drained < SLOW_SHARE * handed;
    }

    /**
     * Whether another edge of the tree had room for at least {@value #ROOM_SHARE} of the last slowMemberMillis while this one
     * stayed full: this one holds back members that could take more. Edges at one pace fill and drain together and hold
     * each other back, as they should (the sender slows to the pace of all).
     */
    private boolean siblingHadRoom(Tree t, EdgeLinks.Edge slow) {
        for (EdgeLinks.Edge e : links.edges(t.group)) {
            if (e != slow && !e.lagging && DataPlane.isCurrentEdge(t, e.peer) && e.roomShare() >= ROOM_SHARE) {
                return true;
            }
        }
        return false;
    }
}
