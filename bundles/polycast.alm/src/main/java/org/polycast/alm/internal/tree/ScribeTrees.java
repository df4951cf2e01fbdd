package org.polycast.alm.internal.tree;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.polycast.alm.internal.wire.AlmCodec;
import org.polycast.alm.internal.wire.AlmCodec.AlmError;
import org.polycast.alm.internal.wire.AlmFormatException;
import org.polycast.alm.internal.wire.AlmMessage;
import org.polycast.alm.internal.wire.AlmOption;
import org.polycast.api.overlay.OverlayException;
import org.polycast.api.overlay.OverlayRequestHandler;
import org.polycast.api.overlay.OverlayService;

/**
 * SCRIBE-SAM trees (RFC 7019 §8) over a RELOAD overlay: one reverse-path tree per group, rooted at the
 * peer responsible for the group id. A joiner sends Join to its next hop toward the group id; that peer
 * offers itself (JoinAccept), becoming a forwarder and joining upward itself if it was not on the tree;
 * the child confirms (JoinConfirm). Children heartbeat their parent; a parent that misses
 * {@code missedHeartbeats} drops the child, a child whose heartbeat goes unanswered re-joins. Data from a
 * peer on the tree floods along the tree's edges (ASM: to the parent and the children, each peer passing it
 * on to its other edges); data from a source off the tree is pushed to the root (RELOAD routing to the group
 * id, SSM) and floods down from there. Each peer delivers a message once (origin and sequence number lead
 * every payload).
 * <p>
 * All state lives on the {@link Clock}'s thread; overlay answers are brought there.
 */
public final class ScribeTrees implements OverlayRequestHandler {
    /** The engine's thread and timers. */
    public interface Clock {
        long nowMillis();

        Runnable schedule(Runnable task, long delayMillis);

        void execute(Runnable task);
    }

    /** Where received data and tree events go (the technology Interface). */
    public interface Listener {
        void deliver(String groupId, String origin, byte[] data);

        void childJoined(String groupId, String child);

        void childLeft(String groupId, String child);

        void newSource(String groupId, String origin);
    }

    /**
     * Sees each Push this peer passes on (hybrid delivery: a forwarder that takes the group through AMT as well). It may stop
     * one that came from above when its content arrived the other way first; data from below or from this peer always goes
     * on, or the rest of the tree would miss it.
     */
    public interface ContentGate {
        /**
         * The message's data is {@code payload} from {@code offset}; {@code fromAbove}: from the parent's side (the parent,
         * or a source that pushed it to the root). False: drop it (not passed on, not delivered).
         */
        boolean passOn(String group, byte[] payload, int offset, boolean fromAbove);
    }

    /**
     * A tree on which this peer forwards for others without being a member, with the group's name as its joiners gave it and
     * this peer's ancestors (parent first).
     */
    public record Forwarding(String group, String name, int children, List<String> ancestors) {
    }

    /**
     * Timers and limits; RFC 7019's defaults are 2 s heartbeats and a 5 s answer timeout. A root stores its tree's
     * ALMTree record and diagnostics every {@code recordIntervalMillis} (0: never).
     */
    public record Settings(long heartbeatMillis, int missedHeartbeats, long heartbeatTimeoutMillis, long joinConfirmTimeoutMillis, int maxChildren,
            long recordIntervalMillis) {
        public static final Settings DEFAULTS = new Settings(2000, 3, 5000, 5000, 64, 30_000);
    }

    /** What this peer knows of one tree. */
    private final class Tree {
        final String group;
        boolean member;
        boolean root;
        boolean attaching;
        /** The next Join goes to the group id rather than the next hop. */
        boolean forceViaRoot;
        /** The peer a Join of ours is waiting for: a Join from it now would close a loop. */
        String attachingTo;
        String parent;
        /** Hops to the root as the parent last said (root 0); -1 while unknown or cut off from a root. */
        int depth = -1;
        /** The ancestors up to the root as the parent last named them (parent first); empty at the root and while detached. */
        List<String> ancestors = List.of();
        /** Heartbeat answers in a row that said the parent is not under a root. */
        int unrooted;
        /** Heartbeat answers in a row in which the parent did not know its depth yet. */
        int unknownDepth;
        /** Round-trip time of heartbeats to the parent, smoothed (RFC 6298's 1/8 gain); -1 before the first answer. */
        long rttMillis = -1;
        /** One-way delay to the root: the parent's (as it said) plus half the round trip; -1 while unknown. */
        long delayToRoot = -1;
        /** Heartbeats sent to parents of this tree and answered, for the loss this peer sees upward. */
        long heartbeatsSent;
        long heartbeatsAnswered;
        final Map<String, Long> children = new HashMap<>();
        final Map<String, Long> pending = new HashMap<>();
        /**
         * The parent this peer left when it took the root, and until when data still goes to it: its subtree holds
         * members until that peer notices it is no longer responsible and joins below us.
         */
        String formerParent;
        long formerParentUntil;
        /** The creator (CreateALMTree's peer_id) and the session key, as far as this peer learnt them; for the ALMTree record. */
        String owner;
        byte[] sessionKey = new byte[0];
        /** Data this peer passed on or delivered, and when the root next stores the tree's records. */
        long messages;
        long bytes;
        long nextRecordAt;
        long recordedAt;
        long messagesAtRecord;
        long bytesAtRecord;
        /**
         * Since when this peer may have missed data (0 while attached or never): the last time its parent was heard from
         * before it was lost. A re-join asks for what passed since.
         */
        long detachedAt;
        /**
         * Since when the next Join asks for data although this peer was not cut off (0: never): a root that lost the group
         * id to a peer sources may have pushed to already, or a new forwarder for a child that asked for a replay.
         */
        long replaySince;
        /** The last heartbeat answer or Push from the parent. */
        long parentHeardAt;
        /** The parent our JoinConfirm is on its way to: it may send (replayed) data before the confirmation's answer is back. */
        String confirming;
        /** The Pushes this peer passed on lately, for children that re-join after a cut. */
        final RecentPushes recent = new RecentPushes(RECENT_MESSAGES, RECENT_BYTES);
        /** Children whose Join asked for the data of the last so many milliseconds. */
        final Map<String, Long> replayFor = new HashMap<>();
        final Deduplicator seen = new Deduplicator(8192);
        Runnable tick = () -> {
        };

        Tree(String group) {
            this.group = group;
        }

        boolean onTree() {
            return root || parent != null || attaching;
        }
    }

    private static final int ORIGIN_AND_SEQUENCE = 24;
    /** What a peer keeps for re-joining children: at most this long, this many messages and this many bytes per tree. */
    private static final int RECENT_MESSAGES = 1024;
    private static final long RECENT_BYTES = 1 << 20;
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
    /** Deeper than this is taken for a loop. */
    private static final int MAX_DEPTH = 64;
    private static final int DEPTH_UNKNOWN = -2;
    /** Heartbeat answers in a row with an unknown depth after which the parent is taken for part of a loop without a root. */
    private static final int UNKNOWN_DEPTH_LIMIT = 12;

    private final OverlayService overlay;
    private final Clock clock;
    private final Listener listener;
    private final Settings settings;
    private final String self;
    private final Map<String, Tree> trees = new HashMap<>();
    private final TreeRecords records;
    private volatile ContentGate gate = (group, payload, offset, fromAbove) -> true;
    private final Map<String, LongAdder> counters = new java.util.concurrent.ConcurrentHashMap<>();
    private final long startedAt;
    private long sequence;
    private boolean closed;
    private volatile long reattachMax;

    public ScribeTrees(OverlayService overlay, Clock clock, Listener listener, Settings settings) {
        this.overlay = overlay;
        this.clock = clock;
        this.listener = listener;
        this.settings = settings;
        this.self = overlay.nodeId();
        this.startedAt = clock.nowMillis();
        this.records = new TreeRecords(overlay);
    }

    /** The ALMTree records and diagnostics the roots store in the overlay. */
    public TreeRecords records() {
        return records;
    }

    public String self() {
        return self;
    }

    private static final boolean TRACE = Boolean.getBoolean("polycast.alm.trace");

    private void count(String name) {
        counters.computeIfAbsent(name, n -> new LongAdder()).increment();
        if (TRACE) {
            // Debugging only (-Dpolycast.alm.trace=true): every counted event with the trees' state, on stderr.
            StringBuilder b = new StringBuilder("alm-trace " + self.substring(0, 8) + " " + name);
            trees.values().forEach(t -> b.append(" [").append(t.group, 0, 8).append(t.root ? " root" : "").append(t.member ? " member" : "")
                    .append(" parent=").append(t.parent == null ? "-" : t.parent.substring(0, 8)).append(" depth=").append(t.depth)
                    .append(" children=").append(t.children.keySet().stream().map(c -> c.substring(0, 8)).toList()).append(']'));
            System.err.println(b);
        }
    }

    public Map<String, Long> counters() {
        Map<String, Long> out = new java.util.TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.sum()));
        if (reattachMax > 0) {
            out.put("reattach-ms-max", reattachMax);
        }
        return out;
    }

    /** The group id of a group name: the overlay's hash of the name (RFC 7019 §5: the session key). */
    public String groupId(String sessionKey) {
        return HexFormat.of().formatHex(overlay.resourceId(sessionKey));
    }

    // ------------------------------------------------------------------ the application side

    public void join(String group) {
        join(group, new byte[0]);
    }

    /** Joins; {@code sessionKey} (the group name's text, may be empty) travels with the Join so that the root can record it. */
    public void join(String group, byte[] sessionKey) {
        join(group, sessionKey, 0);
    }

    /**
     * Joins, asking the new parent for what passed on the tree since {@code missedSince} (epoch milliseconds; 0: nothing):
     * a member that had the group's data from elsewhere until then (hybrid delivery) comes back without a gap.
     */
    public void join(String group, byte[] sessionKey, long missedSince) {
        clock.execute(() -> {
            Tree t = tree(group);
            boolean wasMember = t.member;
            t.member = true;
            if (missedSince > 0 && !t.onTree() && t.detachedAt == 0) {
                t.detachedAt = missedSince;
            } else if (missedSince > 0 && t.onTree() && !wasMember) {
                // Still on the tree as root or forwarder: what passed through here meanwhile is in our own buffer.
                deliverRecent(t, missedSince - settings.heartbeatMillis);
            }
            if (t.sessionKey.length == 0) {
                t.sessionKey = sessionKey.clone();
            }
            if (!t.onTree()) {
                attachUp(t);
            }
        });
    }

    /**
     * Gives a tree the group's name when the join did not have it (a mapping service mapped the name): later Joins carry
     * it, and a forwarder's hybrid route needs it.
     */
    public void name(String group, byte[] sessionKey) {
        clock.execute(() -> {
            Tree t = trees.get(group);
            if (t != null && t.sessionKey.length == 0) {
                t.sessionKey = sessionKey.clone();
            }
        });
    }

    public void leave(String group) {
        clock.execute(() -> {
            Tree t = trees.get(group);
            if (t != null) {
                t.member = false;
                prune(t);
            }
        });
    }

    public void gate(ContentGate g) {
        gate = g;
    }

    /** Data with this peer as its origin and its next sequence number in front (on the clock thread). */
    private byte[] stamped(byte[] data) {
        byte[] payload = new byte[ORIGIN_AND_SEQUENCE + data.length];
        System.arraycopy(HexFormat.of().parseHex(self), 0, payload, 0, 16);
        long seq = ++sequence;
        for (int i = 0; i < 8; i++) {
            payload[16 + i] = (byte) (seq >>> (56 - 8 * i));
        }
        System.arraycopy(data, 0, payload, ORIGIN_AND_SEQUENCE, data.length);
        return payload;
    }

    /**
     * Passes data that reached this forwarder another way (through AMT) down to its children, as a message of its own: the
     * copy that comes down the tree later is stopped by the {@link ContentGate}, so the subtree gets one of the two.
     */
    public void inject(String group, byte[] data) {
        clock.execute(() -> {
            Tree t = trees.get(group);
            if (t == null || t.children.isEmpty()) {
                return;
            }
            count("pushes-injected");
            flood(t, new AlmMessage.Push(group, 0, stamped(data)), null, true, false);
        });
    }

    /** The trees this peer forwards on for others without being a member and whose name it learnt (on the clock thread). */
    public List<Forwarding> forwarding() {
        List<Forwarding> out = new ArrayList<>();
        for (Tree t : trees.values()) {
            if (!t.member && !t.children.isEmpty() && (t.root || t.parent != null)) {
                out.add(new Forwarding(t.group, new String(t.sessionKey, java.nio.charset.StandardCharsets.UTF_8), t.children.size(), t.ancestors));
            }
        }
        return out;
    }

    /** Sends data to the group: along the tree's edges when this peer is on the tree, else to the root through the overlay. */
    public void send(String group, byte[] data) {
        clock.execute(() -> {
            AlmMessage.Push push = new AlmMessage.Push(group, 0, stamped(data));
            Tree t = trees.get(group);
            count("pushes-sent");
            if (t != null && (t.root || t.parent != null || !t.children.isEmpty())) {
                flood(t, push, null); // (a peer with a subtree that is between parents also sends it up through the group id)
                return;
            }
            pushToRoot(push, 0);
        });
    }

    /**
     * Sends a Push to the group id; a root without a tree yet refuses it, and a root that died does not answer: it goes again
     * every half heartbeat for as long as a re-forming tree takes (the replay window), then it is given up.
     */
    private void pushToRoot(AlmMessage.Push push, int attempt) {
        overlay.request(HexFormat.of().parseHex(push.groupId()), AlmCodec.encode(AlmCodec.SCRIBE_SAM, push)).whenComplete((a, e) -> {
            if (e == null) {
                return;
            }
            if (attempt < 2 * replayWindow() / settings.heartbeatMillis && !closed) {
                count("pushes-retried");
                clock.schedule(() -> pushToRoot(push, attempt + 1), settings.heartbeatMillis / 2);
            } else {
                count("pushes-to-root-failed");
            }
        });
    }

    /**
     * srcRegister (RFC 7019 §7.2.1): CreateALMTree to the group id; the responsible peer roots the tree and stores its
     * ALMTree record at the group id (and keeps it fresh: {@link TreeRecords}).
     */
    public void createTree(String group, byte[] sessionKey) {
        clock.execute(() -> overlay.request(HexFormat.of().parseHex(group),
                AlmCodec.encode(AlmCodec.SCRIBE_SAM, new AlmMessage.CreateTree(self, sessionKey, group, List.of()))).whenComplete((a, e) -> {
                    if (e != null) {
                        count("create-tree-failed");
                    }
                }));
    }

    /** Sends Leave to parents and children and forgets every tree (the Interface is closing). */
    public void close() {
        clock.execute(() -> {
            closed = true;
            for (Tree t : trees.values()) {
                t.tick.run();
                AlmMessage.Leave leave = new AlmMessage.Leave(self, t.group, List.of());
                if (t.parent != null) {
                    send(t.parent, leave);
                }
                t.children.keySet().forEach(c -> send(c, leave));
            }
            trees.clear();
        });
    }

    /** Stops at once without a word to anyone, as a crashed peer would (for failure simulations). */
    public void halt() {
        clock.execute(() -> {
            closed = true;
            trees.values().forEach(t -> t.tick.run());
            trees.clear();
        });
    }

    // ------------------------------------------------------------------ building the tree

    private Tree tree(String group) {
        return trees.computeIfAbsent(group, g -> {
            Tree t = new Tree(g);
            scheduleTick(t);
            return t;
        });
    }

    private void attachUp(Tree t) {
        if (t.attaching || closed) {
            return;
        }
        t.attaching = true;
        overlay.nextHop(HexFormat.of().parseHex(t.group)).whenComplete((hop, e) -> clock.execute(() -> {
            if (trees.get(t.group) != t) {
                return;
            }
            if (e != null) {
                t.attaching = false;
                count("join-no-route");
                return; // the next tick tries again
            }
            if (hop.equals(self)) {
                t.attaching = false;
                t.root = true;
                t.parent = null;
                t.ancestors = List.of();
                t.replaySince = 0; // nobody above to ask
                return;
            }
            if (t.children.containsKey(hop) || t.forceViaRoot) {
                t.forceViaRoot = false;
                // The route to the group runs through our own subtree (the root moved beyond it): a Join to that
                // child would close a loop, so it goes to the group id itself, and the responsible peer takes us.
                count("joins-via-root");
                offerVia(t, overlay.request(HexFormat.of().parseHex(t.group), AlmCodec.encode(AlmCodec.SCRIBE_SAM, join(t))), null, 0);
                return;
            }
            offer(t, hop, 0);
        }));
    }

    /**
     * Asks a candidate parent to take this peer; a full parent answers Child_Limit_Reached naming one of its
     * children, and the join moves down to it (Scribe's push-down), at most eight times.
     */
    private void offer(Tree t, String candidate, int redirects) {
        offerVia(t, overlay.requestNode(candidate, AlmCodec.encode(AlmCodec.SCRIBE_SAM, join(t))), candidate, redirects);
    }

    private AlmMessage.Join join(Tree t) {
        List<AlmOption> options = new ArrayList<>();
        if (t.sessionKey.length > 0) {
            options.add(new AlmOption(SESSION_KEY.getBytes(java.nio.charset.StandardCharsets.UTF_8), true, t.sessionKey));
        }
        long since = t.detachedAt > 0 && t.replaySince > 0 ? Math.min(t.detachedAt, t.replaySince) : Math.max(t.detachedAt, t.replaySince);
        if (since > 0) {
            // Everything since the parent was last heard from, and a heartbeat period more for data still in flight then.
            options.add(AlmOption.of(REPLAY, Long.toString(clock.nowMillis() - since + settings.heartbeatMillis)));
        }
        return new AlmMessage.Join(self, t.group, options);
    }

    /** Leaves the place below the parent, remembering when, so that the next Join asks for what passed meanwhile. */
    private void detach(Tree t) {
        t.parent = null;
        t.ancestors = List.of();
        if (t.detachedAt == 0) {
            t.detachedAt = t.parentHeardAt > 0 ? t.parentHeardAt : clock.nowMillis() - settings.heartbeatMillis - settings.heartbeatTimeoutMillis;
        }
    }

    /** Keeps a passed-on Push for re-joining children, within the time, count and byte bounds. */
    private void remember(Tree t, byte[] encoded) {
        long now = clock.nowMillis();
        t.recent.add(now, encoded, now - replayWindow());
    }

    /** How far back a re-joining child may ask: until its old parent is dropped and it has found a new one. */
    private long replayWindow() {
        return settings.heartbeatMillis * (settings.missedHeartbeats + 2) + settings.joinConfirmTimeoutMillis;
    }

    /** Delivers here what this peer passed on since {@code since} (it forwarded without being a member meanwhile). */
    private void deliverRecent(Tree t, long since) {
        for (byte[] encoded : t.recent.since(since)) {
            try {
                if (AlmCodec.decode(encoded).message() instanceof AlmMessage.Push push && push.data().length >= ORIGIN_AND_SEQUENCE) {
                    byte[] p = push.data();
                    count("delivered-from-own-buffer");
                    listener.deliver(t.group, HexFormat.of().formatHex(p, 0, 16), java.util.Arrays.copyOfRange(p, ORIGIN_AND_SEQUENCE, p.length));
                }
            } catch (AlmFormatException e) {
                count("malformed");
            }
        }
    }

    /** Sends a re-joined child the Pushes of the time it asked for; what it already has, it drops as duplicates. */
    private void replay(Tree t, String child, long millis) {
        long since = clock.nowMillis() - Math.min(millis, replayWindow());
        List<byte[]> missed = t.recent.since(since);
        missed.forEach(encoded -> overlay.requestNode(child, encoded));
        int sent = missed.size();
        count("replays");
        counters.computeIfAbsent("replayed-messages", n -> new LongAdder()).add(sent);
    }

    /** Completes a Join sent to {@code candidate} (or, when it is null, to the group id: whoever accepts becomes the parent). */
    private void offerVia(Tree t, CompletionStage<byte[]> sent, String candidate, int redirects) {
        t.attachingTo = candidate;
        decoded(sent, settings.joinConfirmTimeoutMillis).whenComplete((answer, e) -> clock.execute(() -> {
            if (trees.get(t.group) != t) {
                return;
            }
            String suggested = suggestedChild(e);
            if (suggested != null && redirects < 8 && !suggested.equals(self)) {
                count("joins-pushed-down");
                offer(t, suggested, redirects + 1);
                return;
            }
            if (e != null || !(answer instanceof AlmMessage.JoinAccept accept) || (candidate != null && !accept.parentId().equals(candidate))
                    || t.children.containsKey(accept.parentId())) {
                t.attaching = false;
                t.attachingTo = null;
                count("joins-refused-or-lost");
                return;
            }
            String parent = accept.parentId();
            List<String> parentPath = AncestorPath.read(accept, idBytes());
            if (parentPath != null && parentPath.contains(self)) {
                // The peer that took us is in our own subtree: below it we would close a loop. Next time the Join goes to the
                // group's responsible peer.
                count("joins-declined-loop");
                send(parent, new AlmMessage.JoinDecline(self, parent, t.group));
                t.attaching = false;
                t.attachingTo = null;
                t.forceViaRoot = true;
                return;
            }
            t.confirming = parent;
            ask(parent, new AlmMessage.JoinConfirm(self, parent, t.group, List.of()), settings.joinConfirmTimeoutMillis).whenComplete((c, e2) -> clock.execute(() -> {
                t.attaching = false;
                t.attachingTo = null;
                t.confirming = null;
                if (e2 != null) {
                    count("confirms-lost");
                    return;
                }
                if (t.detachedAt > 0) {
                    // How long the tree took to re-form around this peer (from when it last heard its old parent).
                    long took = clock.nowMillis() - t.detachedAt;
                    counters.computeIfAbsent("reattach-ms-total", n -> new LongAdder()).add(took);
                    counters.computeIfAbsent("reattaches", n -> new LongAdder()).increment();
                    reattachMax = Math.max(reattachMax, took);
                }
                t.parent = parent;
                t.ancestors = AncestorPath.below(parent, parentPath == null ? List.of() : parentPath);
                t.root = false;
                t.detachedAt = 0;
                t.replaySince = 0;
                t.parentHeardAt = clock.nowMillis();
                count("attached");
            }));
        }));
    }

    private static int depthOption(AlmMessage answer) {
        // A parent that says nothing (another implementation): trust it.
        return (int) numberOption(answer, DEPTH, 0);
    }

    /** A numeric option of a HeartbeatResponse; {@code absent} if it is not there, -1 if it is not a number. */
    private static long numberOption(AlmMessage answer, String key, long absent) {
        if (answer instanceof AlmMessage.OptionsResponse r) {
            for (AlmOption o : r.options()) {
                if (new String(o.key(), java.nio.charset.StandardCharsets.UTF_8).equals(key)) {
                    try {
                        return Long.parseLong(new String(o.value(), java.nio.charset.StandardCharsets.UTF_8));
                    } catch (NumberFormatException e) {
                        return -1;
                    }
                }
            }
        }
        return absent;
    }

    /** The child a full parent named in its Child_Limit_Reached error, or null. */
    private static String suggestedChild(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof OverlayException o && o.info() != null) {
            try {
                AlmError error = AlmError.decode(o.info());
                if (error.code() == AlmError.CHILD_LIMIT_REACHED && error.text().matches("[0-9a-f]{32}")) {
                    return error.text();
                }
            } catch (AlmFormatException ignored) {
                // not an ALM error: no suggestion
            }
        }
        return null;
    }

    /** Octets of a Node-ID (the overlay's, as this peer's own hex id shows). */
    private int idBytes() {
        return self.length() / 2;
    }

    private void scheduleTick(Tree t) {
        t.tick = clock.schedule(() -> {
            if (trees.get(t.group) != t || closed) {
                return;
            }
            maintain(t);
            if (trees.get(t.group) == t) {
                scheduleTick(t);
            }
        }, settings.heartbeatMillis);
    }

    /** Heartbeats to the parent, drops silent children, re-roots when responsibility moved, prunes empty branches. */
    private void maintain(Tree t) {
        long now = clock.nowMillis();
        long silence = settings.heartbeatMillis * settings.missedHeartbeats;
        t.children.entrySet().removeIf(c -> {
            if (now - c.getValue() > silence) {
                count("children-timed-out");
                listener.childLeft(t.group, c.getKey());
                return true;
            }
            return false;
        });
        t.pending.values().removeIf(at -> now - at > settings.joinConfirmTimeoutMillis);
        t.replayFor.keySet().retainAll(t.pending.keySet());
        if (t.parent != null) {
            String parent = t.parent;
            overlay.nextHop(HexFormat.of().parseHex(t.group)).whenComplete((hop, e) -> clock.execute(() -> {
                if (e == null && hop.equals(self) && parent.equals(t.parent)) {
                    // The peer responsible for the group is the root (RFC 7019 §8.1); one below another peer means the
                    // ring moved or a loop formed while it stabilised: detach and take the root.
                    count("became-root");
                    send(parent, new AlmMessage.Leave(self, t.group, List.of()));
                    t.parent = null;
                    t.ancestors = List.of();
                    t.root = true;
                    t.formerParent = parent;
                    t.formerParentUntil = clock.nowMillis() + settings.heartbeatMillis * (settings.missedHeartbeats + 1);
                }
            }));
            long sentAt = clock.nowMillis();
            t.heartbeatsSent++;
            ask(parent, new AlmMessage.Heartbeat(self, parent, t.group, List.of()), settings.heartbeatTimeoutMillis).whenComplete((a, e) -> clock.execute(() -> {
                if (e == null && parent.equals(t.parent)) {
                    t.heartbeatsAnswered++;
                    t.parentHeardAt = clock.nowMillis();
                    long rtt = clock.nowMillis() - sentAt;
                    t.rttMillis = t.rttMillis < 0 ? rtt : (7 * t.rttMillis + rtt) / 8;
                    long parentDelay = numberOption(a, DELAY, 0);
                    t.delayToRoot = parentDelay < 0 ? -1 : parentDelay + t.rttMillis / 2;
                    int parentDepth = depthOption(a);
                    t.depth = parentDepth < 0 ? -1 : parentDepth + 1;
                    // A parent cut off from the root, or depths that keep growing (a loop), count at once; a depth not yet
                    // known only after as many heartbeats as a deep tree needs to pass depths down (a loop never learns one).
                    boolean cutOff = parentDepth == -1 || t.depth > MAX_DEPTH;
                    t.unrooted = cutOff ? t.unrooted + 1 : 0;
                    t.unknownDepth = parentDepth == DEPTH_UNKNOWN ? t.unknownDepth + 1 : 0;
                    List<String> parentPath = AncestorPath.read(a, idBytes());
                    boolean loop = parentPath != null && parentPath.contains(self);
                    if (parentPath != null && !loop) {
                        t.ancestors = AncestorPath.below(parent, parentPath);
                    }
                    if (loop || t.unrooted > settings.missedHeartbeats || t.unknownDepth > UNKNOWN_DEPTH_LIMIT) {
                        // We are our own ancestor (a loop), or the parent has been cut off from any root (or the depths keep
                        // growing: a loop without paths) for several heartbeats: leave it and join at the group id, where
                        // the responsible peer takes us.
                        count(loop ? "loops-broken" : "unrooted-rejoins");
                        send(parent, new AlmMessage.Leave(self, t.group, List.of()));
                        detach(t);
                        t.unrooted = 0;
                        t.unknownDepth = 0;
                        t.forceViaRoot = true;
                        attachUp(t);
                    }
                    return;
                }
                if (e != null && parent.equals(t.parent)) {
                    // A dead parent, or one that no longer counts us as a child: re-form through the overlay.
                    count("parents-lost");
                    detach(t);
                    if (t.member || !t.children.isEmpty()) {
                        attachUp(t);
                    }
                }
            }));
        } else if (t.root) {
            overlay.nextHop(HexFormat.of().parseHex(t.group)).whenComplete((hop, e) -> clock.execute(() -> {
                if (e == null && !hop.equals(self) && t.root) {
                    // Another peer is responsible for the group now: this subtree joins under it.
                    count("re-rooted");
                    t.root = false;
                    // Straight to the responsible peer: the next hop may lie in our own subtree (the ring grew beside it).
                    t.forceViaRoot = true;
                    // Sources may have been pushing to the new root since the ring changed, before we saw it (their view
                    // may lead ours by more than a heartbeat): the new root replays all it keeps to us, for our subtree;
                    // what we had already is dropped as a duplicate.
                    t.detachedAt = clock.nowMillis();
                    t.replaySince = clock.nowMillis() - replayWindow();
                    attachUp(t);
                }
            }));
        } else if (!t.attaching && (t.member || !t.children.isEmpty())) {
            attachUp(t);
        }
        if (t.root && settings.recordIntervalMillis > 0 && now >= t.nextRecordAt) {
            t.nextRecordAt = now + settings.recordIntervalMillis;
            record(t);
        }
        prune(t);
    }

    /** Crawls the tree and stores its ALMTree record and diagnostics at the group id (entries keyed by this root). */
    private void record(Tree t) {
        if (!records.available()) {
            count("records-without-kinds");
            return;
        }
        crawl(t.group, 1000).whenComplete((c, e) -> clock.execute(() -> {
            if (e != null || !t.root || trees.get(t.group) != t) {
                return;
            }
            long now = clock.nowMillis();
            long seconds = Math.max(1, (now - (t.recordedAt == 0 ? startedAt : t.recordedAt)) / 1000);
            TreeRecords.Diagnostics d = TreeRecords.Diagnostics.of(self, c, (t.messages - t.messagesAtRecord) / seconds, (t.bytes - t.bytesAtRecord) / seconds, t.messages, now);
            t.recordedAt = now;
            t.messagesAtRecord = t.messages;
            t.bytesAtRecord = t.bytes;
            Map<String, String> attributes = new java.util.LinkedHashMap<>();
            attributes.put("root", self);
            attributes.put("size", Integer.toString(d.peers()));
            attributes.put("height", Integer.toString(d.height()));
            attributes.put("algorithm", "SCRIBE-SAM");
            attributes.put("max-children", Integer.toString(settings.maxChildren));
            attributes.put("heartbeat-ms", Long.toString(settings.heartbeatMillis));
            attributes.put("updated", Long.toString(now));
            TreeRecords.TreeRecord record = new TreeRecords.TreeRecord(self, t.owner == null ? self : t.owner, t.sessionKey, t.group, attributes);
            records.store(record, d, java.time.Duration.ofMillis(Math.max(60_000, 3 * settings.recordIntervalMillis))).whenComplete((x, e2) -> count(e2 == null
                    ? "records-stored" : "records-failed"));
        }));
    }

    private void prune(Tree t) {
        if (t.member || !t.children.isEmpty() || !t.pending.isEmpty() || t.attaching) {
            return;
        }
        if (t.parent != null) {
            send(t.parent, new AlmMessage.Leave(self, t.group, List.of()));
        }
        t.tick.run();
        trees.remove(t.group);
    }

    // ------------------------------------------------------------------ data

    /**
     * Passes a Push on to every edge of the tree but the one it came from ({@code from}, null for none), and to a
     * former parent for a while after taking the root; delivers it here if this peer is a member.
     */
    private void flood(Tree t, AlmMessage.Push push, String from) {
        flood(t, push, from, false, from != null && !t.children.containsKey(from));
    }

    /**
     * Passes a Push on to the tree's other edges ({@code down}: to the children only) and delivers it here if a member;
     * {@code above}: it came from the parent's side (the parent, a former parent, or a source that pushed it to the root).
     */
    private void flood(Tree t, AlmMessage.Push push, String from, boolean down, boolean above) {
        byte[] p = push.data();
        if (p.length < ORIGIN_AND_SEQUENCE) {
            count("malformed-push");
            return;
        }
        String origin = HexFormat.of().formatHex(p, 0, 16);
        long seq = 0;
        for (int i = 16; i < 24; i++) {
            seq = seq << 8 | (p[i] & 0xff);
        }
        if (!t.seen.firstTime(origin, seq)) {
            count("duplicates-dropped");
            return;
        }
        if (!gate.passOn(t.group, p, ORIGIN_AND_SEQUENCE, above)) {
            count("copies-dropped-hybrid");
            return;
        }
        t.messages++;
        t.bytes += p.length - ORIGIN_AND_SEQUENCE;
        byte[] encoded = AlmCodec.encode(AlmCodec.SCRIBE_SAM, push);
        remember(t, encoded);
        List<String> edges = new ArrayList<>(t.children.keySet());
        if (t.parent != null && !down) {
            edges.add(t.parent);
        }
        if (t.formerParent != null && !down) {
            if (t.children.containsKey(t.formerParent) || clock.nowMillis() > t.formerParentUntil) {
                t.formerParent = null; // it has joined below us, or had its time
            } else if (!t.formerParent.equals(t.parent)) {
                edges.add(t.formerParent);
                count("pushes-to-former-parent");
            }
        }
        for (String edge : edges) {
            if (edge.equals(from)) {
                continue;
            }
            boolean up = edge.equals(t.parent);
            overlay.requestNode(edge, encoded).whenComplete((a, e) -> {
                if (e != null) {
                    count("pushes-forwarded-failed");
                    if (up) {
                        // The parent is gone (or no longer has us): the rest of the tree gets it through the group id's root.
                        clock.execute(() -> {
                            count("pushes-rerouted-to-root");
                            pushToRoot(push, 0);
                        });
                    }
                }
            });
            count("pushes-forwarded");
        }
        if (!down && !t.root && t.parent == null && (from == null || t.children.containsKey(from))) {
            // Between parents (re-joining, or attaching below a new root): data from this subtree goes up through the
            // group id meanwhile, or the rest of the tree would never see it.
            count("pushes-up-while-detached");
            pushToRoot(push, 0);
        }
        if (t.member && !down) {
            // (An injected copy is for the subtree; this peer's application has it from the other path already.)
            if (t.seen.newOrigin(origin)) {
                listener.newSource(t.group, origin);
            }
            byte[] data = java.util.Arrays.copyOfRange(p, ORIGIN_AND_SEQUENCE, p.length);
            count("delivered");
            listener.deliver(t.group, origin, data);
        }
    }

    // ------------------------------------------------------------------ requests from other peers

    @Override
    public CompletionStage<byte[]> handle(String from, byte[] body) {
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        AlmCodec.Decoded d;
        try {
            d = AlmCodec.decode(body);
        } catch (AlmFormatException e) {
            count("malformed");
            return CompletableFuture.failedFuture(error(AlmError.OTHER, "malformed ALM message: " + e.getMessage()));
        }
        if (d.algorithm() != AlmCodec.SCRIBE_SAM) {
            count("unknown-algorithm");
            return CompletableFuture.failedFuture(error(AlmError.UNKNOWN_ALGORITHM, "algorithm " + d.algorithm() + " is not SCRIBE-SAM (1)"));
        }
        clock.execute(() -> {
            try {
                AlmMessage reply = dispatch(from, d.message());
                answer.complete(AlmCodec.encode(AlmCodec.SCRIBE_SAM, reply));
            } catch (OverlayException e) {
                answer.completeExceptionally(e);
            } catch (RuntimeException e) {
                count("handler-errors");
                answer.completeExceptionally(error(AlmError.OTHER, String.valueOf(e)));
            }
        });
        return answer;
    }

    private AlmMessage dispatch(String from, AlmMessage m) throws OverlayException {
        if (closed) {
            throw error(AlmError.OTHER, "this peer's ALM Interface is closing");
        }
        if (m instanceof AlmMessage.Join j) {
            return onJoin(from, j);
        } else if (m instanceof AlmMessage.JoinConfirm c) {
            Tree t = trees.get(c.groupId());
            if (t == null || !c.parentId().equals(self) || !c.childId().equals(from)) {
                throw error(AlmError.OTHER, "no offer to confirm for " + from);
            }
            t.pending.remove(from);
            if (t.children.put(from, clock.nowMillis()) == null) {
                listener.childJoined(t.group, from);
            }
            Long replay = t.replayFor.remove(from);
            if (replay != null && replay > 0) {
                replay(t, from, replay);
            }
            return new AlmMessage.Empty(AlmMessage.JOIN_CONFIRM_RESPONSE);
        } else if (m instanceof AlmMessage.JoinDecline dc) {
            Tree t = trees.get(dc.groupId());
            if (t != null) {
                t.pending.remove(from);
                prune(t);
            }
            return new AlmMessage.Empty(AlmMessage.JOIN_DECLINE_RESPONSE);
        } else if (m instanceof AlmMessage.Heartbeat h) {
            Tree t = trees.get(h.groupId());
            if (t == null || !t.children.containsKey(from)) {
                count("heartbeats-from-strangers");
                throw error(AlmError.OTHER, from + " is not a child of " + self + " in " + h.groupId());
            }
            t.children.put(from, clock.nowMillis());
            int depth = t.root ? 0 : t.parent == null ? -1 : t.depth < 0 ? DEPTH_UNKNOWN : t.depth;
            long delay = t.root ? 0 : t.parent == null ? -1 : t.delayToRoot;
            return new AlmMessage.OptionsResponse(AlmMessage.HEARTBEAT_RESPONSE, List.of(AlmOption.of(DEPTH, Integer.toString(depth)),
                    AlmOption.of(DELAY, Long.toString(delay)), AncestorPath.option(t.ancestors)));
        } else if (m instanceof AlmMessage.Leave l) {
            onLeave(from, l);
            return new AlmMessage.Empty(AlmMessage.LEAVE_RESPONSE);
        } else if (m instanceof AlmMessage.Push p) {
            if (!onPush(from, p)) {
                // Refused rather than dropped: the source tries again once the tree has found its root.
                throw error(AlmError.OTHER, "no tree for " + p.groupId() + " at " + self + " yet");
            }
            return new AlmMessage.OptionsResponse(AlmMessage.PUSH_RESPONSE, List.of());
        } else if (m instanceof AlmMessage.CreateTree c) {
            // srcRegister: the responsible peer roots the tree (it was routed here by the group id).
            Tree t = tree(c.groupId());
            if (!t.onTree()) {
                t.root = true;
            }
            t.owner = c.peerId();
            t.sessionKey = c.sessionKey().clone();
            return new AlmMessage.OptionsResponse(AlmMessage.CREATE_TREE_RESPONSE, List.of());
        } else if (m instanceof AlmMessage.Reform r) {
            Tree t = trees.get(r.groupId());
            if (t != null && r.peerId().equals(self) && from.equals(t.parent)) {
                detach(t);
                attachUp(t);
            }
            return new AlmMessage.OptionsResponse(AlmMessage.REFORM_RESPONSE, List.of());
        } else if (m instanceof AlmMessage.NodeQuery q) {
            Tree asked = trees.get(q.destinationId());
            return new AlmMessage.NodeQueryResponse(NodeStatisticsAnswer.of(self, trees.values().stream().map(this::view).toList(),
                    asked == null ? null : view(asked), (clock.nowMillis() - startedAt) / 1000, settings));
        }
        throw error(AlmError.OTHER, "message 0x" + Integer.toHexString(m.code()) + " is not a request");
    }

    private AlmMessage onJoin(String from, AlmMessage.Join j) throws OverlayException {
        if (!j.peerId().equals(from)) {
            throw error(AlmError.OTHER, "a Join must come from the joining peer");
        }
        Tree t = tree(j.groupId());
        if (t.children.size() + t.pending.size() >= settings.maxChildren && !t.children.containsKey(from)) {
            count("joins-pushed-down");
            // Child_Limit_Reached; the error's text names a child to try instead (see offer()).
            List<String> kids = new ArrayList<>(t.children.keySet());
            String child = kids.isEmpty() ? "none" : kids.get((int) (clock.nowMillis() % kids.size()));
            throw new OverlayException(0x12, "child limit reached", new AlmError(AlmError.CHILD_LIMIT_REACHED, child).encode());
        }
        if (from.equals(t.parent) || from.equals(t.attachingTo) || t.ancestors.contains(from)) {
            // An ancestor, or the peer we are joining through, wants to join below us: that would close a loop (views of
            // the ring that disagree while it stabilises). Both sides refuse and try again on their next tick.
            count("joins-refused-loop");
            throw error(AlmError.OTHER, "a peer cannot join below its own child");
        }
        if (t.sessionKey.length == 0) {
            for (AlmOption o : j.options()) {
                if (new String(o.key(), java.nio.charset.StandardCharsets.UTF_8).equals(SESSION_KEY) && o.value().length <= 1024) {
                    t.sessionKey = o.value().clone();
                }
            }
        }
        for (AlmOption o : j.options()) {
            if (new String(o.key(), java.nio.charset.StandardCharsets.UTF_8).equals(REPLAY)) {
                try {
                    t.replayFor.put(from, Long.parseLong(new String(o.value(), java.nio.charset.StandardCharsets.UTF_8)));
                } catch (NumberFormatException e) {
                    count("malformed-replay-option");
                }
            }
        }
        t.pending.put(from, clock.nowMillis());
        if (!t.onTree()) {
            // A new forwarder has nothing of its own to replay: it asks its own new parent for what the joiner missed.
            Long replay = t.replayFor.get(from);
            if (replay != null && replay > 0 && t.replaySince == 0) {
                t.replaySince = clock.nowMillis() - Math.min(replay, replayWindow());
            }
            attachUp(t);
        }
        // Where we hang, so that the joiner can see whether it would be its own ancestor (unknown while we attach).
        List<AlmOption> where = t.root || t.parent != null ? List.of(AncestorPath.option(t.ancestors)) : List.of();
        return new AlmMessage.JoinAccept(self, from, j.groupId(), where);
    }

    private void onLeave(String from, AlmMessage.Leave l) {
        Tree t = trees.get(l.groupId());
        if (t == null) {
            return;
        }
        if (t.children.remove(from) != null) {
            listener.childLeft(t.group, from);
            prune(t);
        } else if (from.equals(t.parent)) {
            detach(t);
            if (t.member || !t.children.isEmpty()) {
                attachUp(t);
            }
        }
    }

    /** Handles a Push; false when this peer has no tree to carry it (the source should try again shortly). */
    private boolean onPush(String from, AlmMessage.Push p) {
        Tree t = trees.get(p.groupId());
        if (t == null) {
            // Routed here as the group's responsible peer while the tree has not reached it: root one, and let the
            // source retry so that the members (still below the old root) get the message once they have moved.
            t = tree(p.groupId());
            t.root = true;
            remember(t, AlmCodec.encode(AlmCodec.SCRIBE_SAM, p)); // for the replays of the members that re-join here
            count("pushes-without-tree");
            return false;
        }
        if (from.equals(t.parent) || t.children.containsKey(from) || from.equals(t.formerParent) || from.equals(t.confirming)) {
            if (from.equals(t.parent)) {
                t.parentHeardAt = clock.nowMillis();
            }
            flood(t, p, from);
            return true;
        }
        // Routed here by the group id from a source off the tree.
        if (t.root && t.children.isEmpty() && !t.member && t.formerParent == null) {
            remember(t, AlmCodec.encode(AlmCodec.SCRIBE_SAM, p));
            count("pushes-without-tree");
            return false;
        }
        if (t.root || t.parent != null) {
            if (!t.root) {
                // Responsibility moved and this peer is not the root yet: the flood goes up as well as down.
                count("pushes-passed-up");
            }
            // From above only at the root: a peer the route reached before the root must pass it up whatever AMT brought.
            flood(t, p, null, false, t.root);
            return true;
        }
        count("pushes-without-tree");
        return false;
    }

    // ------------------------------------------------------------------ helpers

    private void send(String peer, AlmMessage m) {
        overlay.requestNode(peer, AlmCodec.encode(AlmCodec.SCRIBE_SAM, m));
    }

    /** Sends a request and decodes the answer; ALM errors and timeouts fail the stage. */
    private CompletableFuture<AlmMessage> ask(String peer, AlmMessage m, long timeoutMillis) {
        return decoded(overlay.requestNode(peer, AlmCodec.encode(AlmCodec.SCRIBE_SAM, m)), timeoutMillis);
    }

    private static CompletableFuture<AlmMessage> decoded(CompletionStage<byte[]> sent, long timeoutMillis) {
        return sent.toCompletableFuture().orTimeout(timeoutMillis, TimeUnit.MILLISECONDS).thenApply(bytes -> {
                    try {
                        return AlmCodec.decode(bytes).message();
                    } catch (AlmFormatException e) {
                        throw new CompletionException(e);
                    }
                });
    }

    private static OverlayException error(int almCode, String text) {
        return new OverlayException(0x12, text, new AlmError(almCode, text).encode());
    }

    /**
     * Walks the tree with NodeQuery (RFC 7019 §7.2.12) from the peer responsible for the group, at most {@code limit}
     * peers; see {@link TreeCrawler}.
     */
    public CompletableFuture<TreeCrawler.Crawl> crawl(String group, int limit) {
        return new TreeCrawler(overlay, clock::execute, self, () -> count("malformed")).crawl(group, limit);
    }

    // ------------------------------------------------------------------ introspection (on the clock thread)

    /** A snapshot of one tree as this peer sees it. */
    public record TreeView(String group, boolean member, boolean root, String parent, List<String> children, int depth, long rttMillis,
            long delayToRootMillis, long heartbeatsSent, long heartbeatsAnswered) {
    }

    public CompletableFuture<List<TreeView>> trees() {
        CompletableFuture<List<TreeView>> f = new CompletableFuture<>();
        clock.execute(() -> {
            f.complete(trees.values().stream().map(this::view).toList());
        });
        return f;
    }

    private TreeView view(Tree t) {
        return new TreeView(t.group, t.member, t.root, t.parent, List.copyOf(t.children.keySet()), t.root ? 0 : t.depth, t.rttMillis,
                t.root ? 0 : t.delayToRoot, t.heartbeatsSent, t.heartbeatsAnswered);
    }
}
