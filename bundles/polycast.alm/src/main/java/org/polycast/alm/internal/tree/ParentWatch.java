package org.polycast.alm.internal.tree;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import org.polycast.alm.internal.wire.AlmMessage;
import org.polycast.alm.internal.wire.AlmOption;

/**
 * How a peer on a tree knows its place still holds: a child's heartbeats to its parent (RFC 7019 §8: the answer's depth,
 * delay and ancestor path; a parent lost, cut off from the root, or a loop make it re-join), and a root's frequent look at
 * whether it is still the group's responsible peer. What it finds, {@link Membership} acts on.
 */
final class ParentWatch {
    /** Deeper than this is taken for a loop. */
    private static final int MAX_DEPTH = 64;
    /** Heartbeat answers in a row with an unknown depth after which the parent is taken for part of a loop without a root. */
    private static final int UNKNOWN_DEPTH_LIMIT = 12;
    /** How often a root asks whether it still is (a local look at the ring: no message). */
    static final long ROOT_CHECK_MILLIS = 250;
    /** How long a probe of a parent whose link broke waits for its heartbeat answer. */
    static final long PROBE_TIMEOUT_MILLIS = 1000;

    private final TreeContext c;
    private final Membership membership;

    ParentWatch(TreeContext context, Membership membership) {
        this.c = context;
        this.membership = membership;
    }

    /** A heartbeat to the parent now, with a short time-out: a parent that does not answer is left at once. */
    void probeParent(Tree t) {
        if (t.parent != null && !c.closed) {
            heartbeat(t, Math.min(PROBE_TIMEOUT_MILLIS, c.settings.heartbeatTimeoutMillis()));
        }
    }

    /** The heartbeat of each period. */
    void heartbeat(Tree t) {
        heartbeat(t, c.settings.heartbeatTimeoutMillis());
    }

    private void heartbeat(Tree t, long timeoutMillis) {
        String parent = t.parent;
        c.overlay.nextHop(HexFormat.of().parseHex(t.group)).whenComplete((hop, e) -> c.clock.execute(() -> {
            if (e == null && hop.equals(c.self) && parent.equals(t.parent)) {
                // The peer responsible for the group is the root (RFC 7019 §8.1); one below another peer means the
                // ring moved or a loop formed while it stabilised: detach and take the root.
                c.count(AlmCounter.BECAME_ROOT);
                c.send(parent, new AlmMessage.Leave(c.self, t.group, List.of()));
                t.parent = null;
                t.ancestors = List.of();
                t.place = Tree.Place.ROOT;
                t.formerParent = parent;
                t.formerParentUntil = c.clock.nowMillis() + c.settings.heartbeatMillis() * (c.settings.missedHeartbeats() + 1);
                membership.edgesChanged(t);
            }
        }));
        long sentAt = c.clock.nowMillis();
        t.heartbeatsSent++;
        c.ask(parent, new AlmMessage.Heartbeat(c.self, parent, t.group, List.of()), timeoutMillis).whenComplete((a, e) -> c.clock.execute(() -> {
            if (e == null && parent.equals(t.parent)) {
                t.heartbeatsAnswered++;
                t.parentHeardAt = c.clock.nowMillis();
                long rtt = c.clock.nowMillis() - sentAt;
                t.rttMillis = t.rttMillis < 0 ? rtt : (7 * t.rttMillis + rtt) / 8;
                long parentDelay = numberOption(a, Membership.DELAY, 0);
                t.delayToRoot = parentDelay < 0 ? -1 : parentDelay + t.rttMillis / 2;
                int parentDepth = depthOption(a);
                t.depth = parentDepth < 0 ? -1 : parentDepth + 1;
                // A parent cut off from the root, or depths that keep growing (a loop), count at once; a depth not yet
                // known only after as many heartbeats as a deep tree needs to pass depths down (a loop never learns one).
                boolean cutOff = parentDepth == -1 || t.depth > MAX_DEPTH;
                t.unrooted = cutOff ? t.unrooted + 1 : 0;
                t.unknownDepth = parentDepth == Membership.DEPTH_UNKNOWN ? t.unknownDepth + 1 : 0;
                List<String> parentPath = AncestorPath.read(a, c.idBytes());
                boolean loop = parentPath != null && parentPath.contains(c.self);
                if (parentPath != null && !loop) {
                    t.ancestors = AncestorPath.below(parent, parentPath);
                }
                if (loop || t.unrooted > c.settings.missedHeartbeats() || t.unknownDepth > UNKNOWN_DEPTH_LIMIT) {
                    // We are our own ancestor (a loop), or the parent has been cut off from any root (or the depths keep
                    // growing: a loop without paths) for several heartbeats: leave it and join at the group id, where
                    // the responsible peer takes us.
                    c.count(loop ? AlmCounter.LOOPS_BROKEN : AlmCounter.UNROOTED_REJOINS);
                    c.send(parent, new AlmMessage.Leave(c.self, t.group, List.of()));
                    membership.detach(t);
                    t.unrooted = 0;
                    t.unknownDepth = 0;
                    t.forceViaRoot = true;
                    membership.attachUp(t);
                }
                return;
            }
            if (e != null && parent.equals(t.parent)) {
                // A dead parent, or one that no longer counts us as a child: re-form through the overlay.
                c.count(AlmCounter.PARENTS_LOST);
                membership.detach(t);
                if (membership.wanted(t)) {
                    membership.attachUp(t);
                }
            }
        }));
    }

    /**
     * Whether this root is still the group's responsible peer; when another peer is now, this subtree joins under it.
     * Runs every {@link #ROOT_CHECK_MILLIS}, faster than the heartbeat tick: a peer that joined the ring and took the group
     * over gets its sources' data from then on, and the members below the old root get it only once they have moved
     * (the new root replays to them): the sooner they move, the less a source that sends and leaves takes with it.
     */
    private void checkStillRoot(Tree t) {
        c.overlay.nextHop(HexFormat.of().parseHex(t.group)).whenComplete((hop, e) -> c.clock.execute(() -> {
            if (e == null && !hop.equals(c.self) && t.root()) {
                // Another peer is responsible for the group now: this subtree joins under it.
                c.count(AlmCounter.RE_ROOTED);
                t.place = Tree.Place.DETACHED;
                // Straight to the responsible peer: the next hop may lie in our own subtree (the ring grew beside it).
                t.forceViaRoot = true;
                // Sources may have been pushing to the new root since the ring changed, before we saw it (their view
                // may lead ours by more than a heartbeat): the new root replays all it keeps to us, for our subtree;
                // what we had already is dropped as a duplicate.
                t.detachedAt = c.clock.nowMillis();
                t.replaySince = c.clock.nowMillis() - c.replayWindow();
                membership.attachUp(t);
            }
        }));
    }

    void scheduleRootCheck(Tree t) {
        c.clock.schedule(() -> {
            if (c.trees.get(t.group) != t || c.closed) {
                return;
            }
            if (t.root()) {
                checkStillRoot(t);
            }
            scheduleRootCheck(t);
        }, ROOT_CHECK_MILLIS);
    }

    private static int depthOption(AlmMessage answer) {
        // A parent that says nothing (another implementation): trust it.
        return (int) numberOption(answer, Membership.DEPTH, 0);
    }

    /** A numeric option of a HeartbeatResponse; {@code absent} if it is not there, -1 if it is not a number. */
    private static long numberOption(AlmMessage answer, String key, long absent) {
        if (answer instanceof AlmMessage.OptionsResponse r) {
            for (AlmOption o : r.options()) {
                if (new String(o.key(), StandardCharsets.UTF_8).equals(key)) {
                    try {
                        return Long.parseLong(new String(o.value(), StandardCharsets.UTF_8));
                    } catch (NumberFormatException e) {
                        return -1;
                    }
                }
            }
        }
        return absent;
    }
}
