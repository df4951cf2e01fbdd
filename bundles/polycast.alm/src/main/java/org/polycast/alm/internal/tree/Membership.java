package org.polycast.alm.internal.tree;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.polycast.alm.internal.wire.AlmCodec.AlmError;
import org.polycast.alm.internal.wire.AlmMessage;
import org.polycast.alm.internal.wire.AlmOption;
import org.polycast.api.overlay.OverlayError;
import org.polycast.api.overlay.OverlayException;

/**
 * This peer's places in the trees (RFC 7019 §8, SCRIBE-SAM): the application's joins and leaves, the parent's side of
 * Join, JoinConfirm and Heartbeat, child time-outs, Leave, pruning of empty branches, and the root's ALMTree record.
 * Taking a place below a parent is {@link Attachment}'s, watching that it still holds (heartbeats up, a root's check
 * that it still is one) {@link ParentWatch}'s; the data on the tree is the {@link DataPlane}'s.
 */
final class Membership {
    /** The Join option asking the new parent for the data of the last N milliseconds (the joiner was cut off that long). */
    static final String REPLAY = "polycast-replay-ms";
    /**
     * The HeartbeatResponse option with the parent's hops to the root: "-1" when it is not under a root (it has no parent),
     * "-2" when it is attached but has not learnt its own depth yet (depths travel down one level per heartbeat).
     */
    static final String DEPTH = "polycast-depth";
    /** The Join option with the group's session key (RFC 7019's Join has none), so that the root can store the ALMTree record. */
    static final String SESSION_KEY = "polycast-session-key";
    /** The HeartbeatResponse option with the parent's one-way delay to the root in milliseconds ("-1": unknown). */
    static final String DELAY = "polycast-delay";
    /** The depth a parent answers while it has not learnt its own (see {@link #DEPTH}). */
    static final int DEPTH_UNKNOWN = -2;
    /** A sender that has not sent for this long no longer keeps its place on the tree. */
    static final long SENDER_IDLE_MILLIS = 60_000;

    private final TreeContext c;
    private final TreeRecords records;
    private final ParentWatch watch;
    private final Attachment attachment;
    private DataPlane data;

    Membership(TreeContext context, TreeRecords records) {
        this.c = context;
        this.records = records;
        this.watch = new ParentWatch(context, this);
        this.attachment = new Attachment(context, this);
    }

    void data(DataPlane plane) {
        this.data = plane;
    }

    /** This peer attached below a parent: the data plane links to it. */
    void attached(Tree t) {
        data.attached(t);
    }

    /** The tree's edges changed: the data plane redoes its links and flow control. */
    void edgesChanged(Tree t) {
        data.edgesChanged(t);
    }

    /** A heartbeat to the parent now, with a short time-out (its link broke). */
    void probeParent(Tree t) {
        watch.probeParent(t);
    }

    long reattachMax() {
        return attachment.reattachMax();
    }

    Tree tree(String group) {
        return c.trees.computeIfAbsent(group, g -> {
            Tree t = new Tree(g, new RecentPushes(c.data.replayMessages(), c.data.replayBytes()), c.clock.nowMillis());
            scheduleTick(t);
            watch.scheduleRootCheck(t);
            return t;
        });
    }

    boolean wanted(Tree t) {
        return t.wanted(c.clock.nowMillis(), SENDER_IDLE_MILLIS);
    }

    // ------------------------------------------------------------------ the application side

    void join(String group, byte[] sessionKey, long missedSince) {
        Tree t = tree(group);
        boolean wasMember = t.member;
        t.member = true;
        data.memberJoined(t);
        if (missedSince > 0 && !t.onTree() && t.detachedAt == 0) {
            t.detachedAt = missedSince;
        } else if (missedSince > 0 && t.onTree() && !wasMember) {
            // Still on the tree as root or forwarder: what passed through here meanwhile is in our own buffer.
            data.deliverRecent(t, missedSince - c.settings.heartbeatMillis());
        }
        if (t.sessionKey.length == 0) {
            t.sessionKey = sessionKey.clone();
        }
        if (!t.onTree()) {
            attachUp(t);
        }
    }

    void leave(String group) {
        Tree t = c.trees.get(group);
        if (t != null) {
            t.member = false;
            t.streams = null;
            prune(t);
        }
    }

    /** Starts or keeps this peer on the tree of a group it sends to. */
    Tree sending(String group) {
        Tree t = tree(group);
        t.sender = true;
        t.lastSentAt = c.clock.nowMillis();
        if (!t.onTree()) {
            attachUp(t);
        }
        return t;
    }

    // ------------------------------------------------------------------ building the tree

    /** Joins the tree toward the group id (unless a Join is on its way already). */
    void attachUp(Tree t) {
        attachment.attachUp(t);
    }

    /** Leaves the place below the parent, remembering when, so that the next Join asks for what passed meanwhile. */
    void detach(Tree t) {
        t.parent = null;
        t.ancestors = List.of();
        if (t.place == Tree.Place.ATTACHED) {
            t.place = Tree.Place.DETACHED;
        }
        if (t.detachedAt == 0) {
            t.detachedAt = t.parentHeardAt > 0 ? t.parentHeardAt : c.clock.nowMillis() - c.settings.heartbeatMillis() - c.settings.heartbeatTimeoutMillis();
        }
        data.edgesChanged(t);
    }

    private void scheduleTick(Tree t) {
        t.tick = c.clock.schedule(() -> {
            if (c.trees.get(t.group) != t || c.closed) {
                return;
            }
            maintain(t);
            if (c.trees.get(t.group) == t) {
                scheduleTick(t);
            }
        }, c.settings.heartbeatMillis());
    }

    /** Heartbeats to the parent, drops silent children, re-attaches a detached tree, prunes empty branches. */
    private void maintain(Tree t) {
        long now = c.clock.nowMillis();
        long silence = c.settings.heartbeatMillis() * c.settings.missedHeartbeats();
        boolean childrenChanged = t.children.entrySet().removeIf(x -> {
            if (now - x.getValue() > silence) {
                c.count(AlmCounter.CHILDREN_TIMED_OUT);
                c.listener.childLeft(t.group, x.getKey());
                return true;
            }
            return false;
        });
        t.pending.values().removeIf(at -> now - at > c.settings.joinConfirmTimeoutMillis());
        t.replayFor.keySet().retainAll(t.pending.keySet());
        if (childrenChanged) {
            data.edgesChanged(t);
        }
        if (t.parent != null) {
            watch.heartbeat(t);
        } else if (!t.root() && !t.attaching() && wanted(t)) { // a root checks itself, faster: ParentWatch
            attachUp(t);
        }
        if (t.root() && c.settings.recordIntervalMillis() > 0 && now >= t.nextRecordAt) {
            t.nextRecordAt = now + c.settings.recordIntervalMillis();
            record(t);
        }
        data.maintain(t);
        prune(t);
    }

    /** Crawls the tree and stores its ALMTree record and diagnostics at the group id (entries keyed by this root). */
    private void record(Tree t) {
        if (!records.available()) {
            c.count(AlmCounter.RECORDS_WITHOUT_KINDS);
            return;
        }
        new TreeCrawler(c.overlay, c.clock::execute, c.self, () -> c.count(AlmCounter.MALFORMED)).crawl(t.group, 1000).whenComplete((crawl, e) -> c.clock.execute(() -> {
            if (e != null || !t.root() || c.trees.get(t.group) != t) {
                return;
            }
            long now = c.clock.nowMillis();
            long seconds = Math.max(1, (now - (t.recordedAt == 0 ? c.startedAt : t.recordedAt)) / 1000);
            TreeRecords.Diagnostics d = TreeRecords.Diagnostics.of(c.self, crawl, (t.messages - t.messagesAtRecord) / seconds, (t.bytes - t.bytesAtRecord) / seconds,
                    t.messages, now);
            t.recordedAt = now;
            t.messagesAtRecord = t.messages;
            t.bytesAtRecord = t.bytes;
            Map<String, String> attributes = new java.util.LinkedHashMap<>();
            attributes.put("root", c.self);
            attributes.put("size", Integer.toString(d.peers()));
            attributes.put("height", Integer.toString(d.height()));
            attributes.put("algorithm", "SCRIBE-SAM");
            attributes.put("max-children", Integer.toString(c.settings.maxChildren()));
            attributes.put("heartbeat-ms", Long.toString(c.settings.heartbeatMillis()));
            attributes.put("updated", Long.toString(now));
            TreeRecords.TreeRecord record = new TreeRecords.TreeRecord(c.self, t.owner == null ? c.self : t.owner, t.sessionKey, t.group, attributes);
            records.store(record, d, java.time.Duration.ofMillis(Math.max(60_000, 3 * c.settings.recordIntervalMillis())))
                    .whenComplete((x, e2) -> c.count(e2 == null ? AlmCounter.RECORDS_STORED : AlmCounter.RECORDS_FAILED));
        }));
    }

    void prune(Tree t) {
        if (wanted(t) || !t.pending.isEmpty() || t.attaching() || !data.mayForget(t)) {
            return;
        }
        if (t.parent != null) {
            c.send(t.parent, new AlmMessage.Leave(c.self, t.group, List.of()));
        }
        t.tick.run();
        c.trees.remove(t.group);
        data.forgotten(t);
    }

    // ------------------------------------------------------------------ requests from other peers

    AlmMessage onJoin(String from, AlmMessage.Join j) throws OverlayException {
        if (!j.peerId().equals(from)) {
            throw TreeContext.error(AlmError.OTHER, "a Join must come from the joining peer");
        }
        Tree t = tree(j.groupId());
        if (t.children.size() + t.pending.size() >= c.settings.maxChildren() && !t.children.containsKey(from)) {
            c.count(AlmCounter.JOINS_PUSHED_DOWN);
            // Child_Limit_Reached; the error's text names a child to try instead (see offer()).
            List<String> kids = new ArrayList<>(t.children.keySet());
            String child = kids.isEmpty() ? "none" : kids.get((int) (c.clock.nowMillis() % kids.size()));
            throw new OverlayException(OverlayError.EXP_A, "child limit reached", new AlmError(AlmError.CHILD_LIMIT_REACHED, child).encode());
        }
        if (from.equals(t.parent) || from.equals(t.attachingTo) || t.ancestors.contains(from)) {
            // An ancestor, or the peer we are joining through, wants to join below us: that would close a loop (views of
            // the ring that disagree while it stabilises). Both sides refuse and try again on their next tick.
            c.count(AlmCounter.JOINS_REFUSED_LOOP);
            throw TreeContext.error(AlmError.OTHER, "a peer cannot join below its own child");
        }
        if (t.sessionKey.length == 0) {
            for (AlmOption o : j.options()) {
                if (new String(o.key(), StandardCharsets.UTF_8).equals(SESSION_KEY) && o.value().length <= 1024) {
                    t.sessionKey = o.value().clone();
                }
            }
        }
        for (AlmOption o : j.options()) {
            if (new String(o.key(), StandardCharsets.UTF_8).equals(REPLAY)) {
                try {
                    t.replayFor.put(from, Long.parseLong(new String(o.value(), StandardCharsets.UTF_8)));
                } catch (NumberFormatException e) {
                    c.count(AlmCounter.MALFORMED_REPLAY_OPTION);
                }
            }
        }
        t.pending.put(from, c.clock.nowMillis());
        if (!t.onTree()) {
            // A new forwarder has nothing of its own to replay: it asks its own new parent for what the joiner missed.
            Long replay = t.replayFor.get(from);
            if (replay != null && replay > 0 && t.replaySince == 0) {
                t.replaySince = c.clock.nowMillis() - Math.min(replay, c.replayWindow());
            }
            attachUp(t);
        }
        // Where we hang, so that the joiner can see whether it would be its own ancestor (unknown while we attach).
        List<AlmOption> where = t.root() || t.parent != null ? List.of(AncestorPath.option(t.ancestors)) : List.of();
        return new AlmMessage.JoinAccept(c.self, from, j.groupId(), where);
    }

    AlmMessage onJoinConfirm(String from, AlmMessage.JoinConfirm confirm) throws OverlayException {
        Tree t = c.trees.get(confirm.groupId());
        if (t == null || !confirm.parentId().equals(c.self) || !confirm.childId().equals(from)) {
            throw TreeContext.error(AlmError.OTHER, "no offer to confirm for " + from);
        }
        t.pending.remove(from);
        if (t.children.put(from, c.clock.nowMillis()) == null) {
            c.listener.childJoined(t.group, from);
        }
        Long replay = t.replayFor.remove(from);
        data.childConfirmed(t, from, replay == null ? 0 : replay);
        return new AlmMessage.Empty(AlmMessage.JOIN_CONFIRM_RESPONSE);
    }

    AlmMessage onJoinDecline(String from, AlmMessage.JoinDecline decline) {
        Tree t = c.trees.get(decline.groupId());
        if (t != null) {
            t.pending.remove(from);
            prune(t);
        }
        return new AlmMessage.Empty(AlmMessage.JOIN_DECLINE_RESPONSE);
    }

    AlmMessage onHeartbeat(String from, AlmMessage.Heartbeat h) throws OverlayException {
        Tree t = c.trees.get(h.groupId());
        if (t == null || !t.children.containsKey(from)) {
            c.count(AlmCounter.HEARTBEATS_FROM_STRANGERS);
            throw TreeContext.error(AlmError.OTHER, from + " is not a child of " + c.self + " in " + h.groupId());
        }
        t.children.put(from, c.clock.nowMillis());
        int depth = t.root() ? 0 : t.parent == null ? -1 : t.depth < 0 ? DEPTH_UNKNOWN : t.depth;
        long delay = t.root() ? 0 : t.parent == null ? -1 : t.delayToRoot;
        return new AlmMessage.OptionsResponse(AlmMessage.HEARTBEAT_RESPONSE, List.of(AlmOption.of(DEPTH, Integer.toString(depth)),
                AlmOption.of(DELAY, Long.toString(delay)), AncestorPath.option(t.ancestors)));
    }

    /**
     * A child that a record over the overlay path did not reach (its link is down): it is gone, or it no longer counts this
     * peer as its parent. Kept, it would get nothing more and never see a gap to count; dropped, a live child hears "not a
     * child" at its next heartbeat and re-attaches, with a replay of what it missed.
     */
    void dropUnreachableChild(Tree t, String child) {
        if (c.trees.get(t.group) == t && t.children.remove(child) != null) {
            c.count(AlmCounter.CHILDREN_UNREACHABLE);
            c.listener.childLeft(t.group, child);
            data.edgesChanged(t);
            prune(t);
        }
    }

    void onLeave(String from, AlmMessage.Leave l) {
        Tree t = c.trees.get(l.groupId());
        if (t == null) {
            return;
        }
        if (t.children.containsKey(from)) {
            data.leaving(t, from, false);
            t.children.remove(from);
            c.listener.childLeft(t.group, from);
            data.edgesChanged(t);
            prune(t);
        } else if (from.equals(t.parent)) {
            data.leaving(t, from, true);
            detach(t);
            if (wanted(t)) {
                attachUp(t);
            }
        }
    }

    AlmMessage onCreateTree(AlmMessage.CreateTree create) {
        // srcRegister: the responsible peer roots the tree (it was routed here by the group id).
        Tree t = tree(create.groupId());
        if (!t.onTree()) {
            t.place = Tree.Place.ROOT;
        }
        t.owner = create.peerId();
        t.sessionKey = create.sessionKey().clone();
        return new AlmMessage.OptionsResponse(AlmMessage.CREATE_TREE_RESPONSE, List.of());
    }

    AlmMessage onReform(String from, AlmMessage.Reform r) {
        Tree t = c.trees.get(r.groupId());
        if (t != null && r.peerId().equals(c.self) && from.equals(t.parent)) {
            detach(t);
            attachUp(t);
        }
        return new AlmMessage.OptionsResponse(AlmMessage.REFORM_RESPONSE, List.of());
    }
}
