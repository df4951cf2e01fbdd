package org.polycast.alm.internal.tree;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.polycast.alm.internal.wire.AlmCodec;
import org.polycast.alm.internal.wire.AlmCodec.AlmError;
import org.polycast.alm.internal.wire.AlmFormatException;
import org.polycast.alm.internal.wire.AlmMessage;
import org.polycast.api.overlay.AppLinks;
import org.polycast.api.overlay.OverlayException;
import org.polycast.api.overlay.OverlayRequestHandler;
import org.polycast.api.overlay.OverlayService;

/**
 * SCRIBE-SAM trees (RFC 7019 §8) over a RELOAD overlay: one reverse-path tree per group, rooted at the peer responsible
 * for the group id. How a peer takes its place is {@link Membership}'s; the data on the trees is the {@link DataPlane}'s.
 * This class is their face to the technology Interface, the hybrid delivery and the overlay's {@code exp_a} requests.
 * <p>
 * All state lives on the {@link Clock}'s thread; overlay answers and link events are brought there.
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

        /** Local sends that were held back for flow control may go again. */
        default void sendBufferAvailable() {
        }

        /** An edge of a tree was marked slow: its records are dropped until it drains. */
        default void slowEdge(String groupId, String peer) {
        }

        /** A trace line ({@code -Dpolycast.alm.trace=true}). */
        default void trace(String line) {
        }
    }

    /**
     * Sees each message this peer passes on (hybrid delivery: a forwarder that takes the group through AMT as well). It may
     * stop one that came from above when its content arrived the other way first; data from below or from this peer always
     * goes on, or the rest of the tree would miss it.
     */
    public interface ContentGate {
        /**
         * The message's data is {@code payload} from {@code offset}; {@code fromAbove}: from the parent's side (the parent,
         * or a source that pushed it to the root). False: drop it (not passed on, not delivered).
         */
        boolean passOn(String group, byte[] payload, int offset, boolean fromAbove);
    }

    /**
     * A tree on which this peer forwards for others without being a member, with the group's name as its joiners gave it
     * and this peer's ancestors (parent first).
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

    /**
     * The data plane's settings: direct links for tree edges ({@code links}); source authentication (manifests signed at
     * most every {@code signatureIntervalMillis}, checked by members, who wait at most {@code verifyWaitMillis} for one and
     * refuse those signed more than {@code manifestMaxAgeMillis} away); how long a member waits for a missing message
     * ({@code gapWaitMillis}) and holds messages at most ({@code receiveBufferBytes} per tree); after how long a full edge
     * whose siblings drain is marked slow ({@code slowMemberMillis}); the bound of records queued from links
     * ({@code inboundLimitBytes}); links at most; what a peer keeps for replays per tree.
     */
    public record DataSettings(boolean links, boolean sourceAuthentication, long signatureIntervalMillis, long verifyWaitMillis,
            long manifestMaxAgeMillis, long gapWaitMillis, long receiveBufferBytes, long slowMemberMillis, long inboundLimitBytes, int maxLinks,
            int replayMessages, long replayBytes) {
        public static final DataSettings DEFAULTS = new DataSettings(true, true, 5, 10_000, 60_000, 1000, 8L << 20, 3000, 1L << 20, 1024, 1024, 1L << 20);
    }

    /** One edge of a tree as status: peer, path ({@code up}: a link; otherwise the overlay path), writable, slow, queued, dropped. */
    public record EdgeView(String peer, String link, boolean writable, boolean slow, long pendingBytes, long dropped) {
    }

    /** Local sends queued for the ALM thread, at most, before further ones are held back. */
    private static final long SEND_QUEUE_LIMIT = 4L << 20;
    /** Local sends taken onto the tree per task of the ALM thread. */
    private static final int SEND_BATCH = 256;

    private record QueuedSend(String group, byte[] payload) {
    }

    private final java.util.Queue<QueuedSend> sends = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final AtomicBoolean sendDrainScheduled = new AtomicBoolean();

    private final TreeContext c;
    private final Membership membership;
    private final DataPlane data;
    private final TreeRecords records;
    private final AtomicLong queuedSendBytes = new AtomicLong();
    private final AtomicBoolean sendQueueFull = new AtomicBoolean();

    /** Trees with the overlay path only and source authentication checked on this thread (simulations). */
    public ScribeTrees(OverlayService overlay, Clock clock, Listener listener, Settings settings) {
        this(overlay, null, clock, clock::execute, listener, settings, DataSettings.DEFAULTS);
    }

    /**
     * @param appLinks the overlay's direct links, or null for the overlay path only
     * @param crypto   where manifests are signed and checked (off the ALM thread)
     */
    public ScribeTrees(OverlayService overlay, AppLinks appLinks, Clock clock, Executor crypto, Listener listener, Settings settings, DataSettings dataSettings) {
        this.c = new TreeContext(overlay, clock, listener, settings, dataSettings);
        this.records = new TreeRecords(overlay);
        this.membership = new Membership(c, records);
        this.data = new DataPlane(c, membership, appLinks, crypto);
        membership.data(data);
    }

    /** The overlay's AppLinks service came or went (null): tree edges link through it from now on. */
    public void appLinks(AppLinks service) {
        c.clock.execute(() -> data.appLinks(service));
    }

    /** The ALMTree records and diagnostics the roots store in the overlay. */
    public TreeRecords records() {
        return records;
    }

    public String self() {
        return c.self;
    }

    public TreeCounters typedCounters() {
        return c.counters;
    }

    /** The counters that are not zero, by label, with the longest re-attachment. */
    public Map<String, Long> counters() {
        Map<String, Long> out = c.counters.snapshot();
        long max = membership.reattachMax();
        if (max > 0) {
            out.put("reattach-ms-max", max);
        }
        return out;
    }

    /** The group id of a group name: the overlay's hash of the name (RFC 7019 §5: the session key). */
    public String groupId(String sessionKey) {
        return HexFormat.of().formatHex(c.overlay.resourceId(sessionKey));
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
        c.clock.execute(() -> membership.join(group, sessionKey, missedSince));
    }

    /**
     * Gives a tree the group's name when the join did not have it (a mapping service mapped the name): later Joins carry
     * it, and a forwarder's hybrid route needs it.
     */
    public void name(String group, byte[] sessionKey) {
        c.clock.execute(() -> {
            Tree t = c.trees.get(group);
            if (t != null && t.sessionKey.length == 0) {
                t.sessionKey = sessionKey.clone();
            }
        });
    }

    public void leave(String group) {
        c.clock.execute(() -> membership.leave(group));
    }

    public void gate(ContentGate g) {
        data.gate(g);
    }

    /** See {@link DataPlane#inject}. */
    public void inject(String group, byte[] data) {
        c.clock.execute(() -> this.data.inject(group, data));
    }

    /** The trees this peer forwards on for others without being a member and whose name it learnt (on the clock thread). */
    public List<Forwarding> forwarding() {
        List<Forwarding> out = new ArrayList<>();
        for (Tree t : c.trees.values()) {
            if (!t.member && !t.children.isEmpty() && (t.root() || t.parent != null)) {
                out.add(new Forwarding(t.group, new String(t.sessionKey, StandardCharsets.UTF_8), t.children.size(), t.ancestors));
            }
        }
        return out;
    }

    /**
     * Whether a local send to the group is taken now: false while an edge of its tree is full or too much is queued (flow
     * control; the caller holds the application back until {@link Listener#sendBufferAvailable()}). Any thread.
     */
    public boolean acceptsSend(String group) {
        if (data.acceptsSend(group) && queuedSendBytes.get() < SEND_QUEUE_LIMIT) {
            return true;
        }
        c.counters.add(AlmCounter.SENDS_HELD_BACK); // the core holds the application back and tries again
        return false;
    }

    /**
     * Sends data to the group: along the tree's edges when this peer is on the tree (a sender joins it), else to the root
     * through the overlay. The array is this method's from now on.
     */
    public void send(String group, byte[] payload) {
        long queued = queuedSendBytes.addAndGet(payload.length);
        if (queued >= SEND_QUEUE_LIMIT) {
            sendQueueFull.set(true);
        }
        sends.add(new QueuedSend(group, payload));
        if (sendDrainScheduled.compareAndSet(false, true)) {
            c.clock.execute(this::drainSends);
        }
    }

    /**
     * Takes queued local sends onto the tree, a bounded batch per task, so that the ALM thread's other work (signed
     * manifests, link events, heartbeats) does not wait behind a sender's whole backlog.
     */
    private void drainSends() {
        sendDrainScheduled.set(false);
        for (int n = 0; n < SEND_BATCH; n++) {
            QueuedSend q = sends.poll();
            if (q == null) {
                break;
            }
            long left = queuedSendBytes.addAndGet(-q.payload.length);
            if (left < SEND_QUEUE_LIMIT / 2 && sendQueueFull.compareAndSet(true, false)) {
                c.listener.sendBufferAvailable();
            }
            if (!c.closed) {
                data.send(q.group, q.payload);
            }
        }
        if (!sends.isEmpty() && sendDrainScheduled.compareAndSet(false, true)) {
            c.clock.execute(this::drainSends);
        }
    }

    /**
     * srcRegister (RFC 7019 §7.2.1): CreateALMTree to the group id; the responsible peer roots the tree and stores its
     * ALMTree record at the group id (and keeps it fresh: {@link TreeRecords}).
     */
    public void createTree(String group, byte[] sessionKey) {
        c.clock.execute(() -> c.overlay.request(HexFormat.of().parseHex(group),
                AlmCodec.encode(AlmCodec.SCRIBE_SAM, new AlmMessage.CreateTree(c.self, sessionKey, group, List.of()))).whenComplete((a, e) -> {
                    if (e != null) {
                        c.clock.execute(() -> c.count(AlmCounter.CREATE_TREE_FAILED));
                    }
                }));
    }

    /** Sends Leave to parents and children and forgets every tree (the Interface is closing), without waiting. */
    public void close() {
        c.clock.execute(this::leaveAll);
    }

    /**
     * Closes in order: what was accepted goes out first (the tails of the manifests are signed, the links drain, Pushes
     * over the overlay are answered), at most {@code maxWaitMillis}; then Leaves to parents and children, and the links
     * close. Completes with whether everything accepted went out.
     */
    public CompletableFuture<Boolean> close(long maxWaitMillis) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        c.clock.execute(() -> {
            data.flushManifests();
            awaitDrained(c.clock.nowMillis() + maxWaitMillis, done);
        });
        return done;
    }

    private void awaitDrained(long deadline, CompletableFuture<Boolean> done) {
        boolean drained = data.drained();
        if (drained || c.clock.nowMillis() >= deadline) {
            leaveAll();
            done.complete(drained);
            return;
        }
        c.clock.schedule(() -> awaitDrained(deadline, done), 20);
    }

    private void leaveAll() {
        c.closed = true;
        for (Tree t : c.trees.values()) {
            t.tick.run();
            AlmMessage.Leave leave = new AlmMessage.Leave(c.self, t.group, List.of());
            if (t.parent != null) {
                c.send(t.parent, leave);
            }
            t.children.keySet().forEach(child -> c.send(child, leave));
        }
        c.trees.clear();
        data.close();
    }

    /** Stops at once without a word to anyone, as a crashed peer would (for failure simulations). */
    public void halt() {
        c.clock.execute(() -> {
            c.closed = true;
            c.trees.values().forEach(t -> t.tick.run());
            c.trees.clear();
        });
    }

    // ------------------------------------------------------------------ requests from other peers

    @Override
    public CompletionStage<byte[]> handle(String from, byte[] body) {
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        AlmCodec.Decoded d;
        try {
            d = AlmCodec.decode(body);
        } catch (AlmFormatException e) {
            c.clock.execute(() -> c.count(AlmCounter.MALFORMED));
            return CompletableFuture.failedFuture(TreeContext.error(AlmError.OTHER, "malformed ALM message: " + e.getMessage()));
        }
        if (d.algorithm() != AlmCodec.SCRIBE_SAM) {
            c.clock.execute(() -> c.count(AlmCounter.UNKNOWN_ALGORITHM));
            return CompletableFuture.failedFuture(TreeContext.error(AlmError.UNKNOWN_ALGORITHM, "algorithm " + d.algorithm() + " is not SCRIBE-SAM (1)"));
        }
        c.clock.execute(() -> {
            try {
                AlmMessage reply = dispatch(from, d.message());
                answer.complete(AlmCodec.encode(AlmCodec.SCRIBE_SAM, reply));
            } catch (OverlayException e) {
                answer.completeExceptionally(e);
            } catch (RuntimeException e) {
                c.count(AlmCounter.HANDLER_ERRORS);
                answer.completeExceptionally(TreeContext.error(AlmError.OTHER, String.valueOf(e)));
            }
        });
        return answer;
    }

    private AlmMessage dispatch(String from, AlmMessage m) throws OverlayException {
        if (c.closed) {
            throw TreeContext.error(AlmError.OTHER, "this peer's ALM Interface is closing");
        }
        switch (m.code()) {
            case AlmMessage.JOIN:
                return membership.onJoin(from, (AlmMessage.Join) m);
            case AlmMessage.JOIN_CONFIRM:
                return membership.onJoinConfirm(from, (AlmMessage.JoinConfirm) m);
            case AlmMessage.JOIN_DECLINE:
                return membership.onJoinDecline(from, (AlmMessage.JoinDecline) m);
            case AlmMessage.HEARTBEAT:
                return membership.onHeartbeat(from, (AlmMessage.Heartbeat) m);
            case AlmMessage.LEAVE:
                membership.onLeave(from, (AlmMessage.Leave) m);
                return new AlmMessage.Empty(AlmMessage.LEAVE_RESPONSE);
            case AlmMessage.PUSH:
                AlmMessage.Push p = (AlmMessage.Push) m;
                if (!data.onPush(from, p)) {
                    // Refused rather than dropped: the source tries again once the tree has found its root.
                    throw TreeContext.error(AlmError.OTHER, "no tree for " + p.groupId() + " at " + c.self + " yet");
                }
                return new AlmMessage.OptionsResponse(AlmMessage.PUSH_RESPONSE, List.of());
            case AlmMessage.CREATE_TREE:
                return membership.onCreateTree((AlmMessage.CreateTree) m);
            case AlmMessage.REFORM:
                return membership.onReform(from, (AlmMessage.Reform) m);
            case AlmMessage.NODE_QUERY:
                Tree asked = c.trees.get(((AlmMessage.NodeQuery) m).destinationId());
                return new AlmMessage.NodeQueryResponse(NodeStatisticsAnswer.of(c.self, c.trees.values().stream().map(this::view).toList(),
                        asked == null ? null : view(asked), (c.clock.nowMillis() - c.startedAt) / 1000, c.settings));
            default:
                throw TreeContext.error(AlmError.OTHER, "message 0x" + Integer.toHexString(m.code()) + " is not a request");
        }
    }

    /**
     * Walks the tree with NodeQuery (RFC 7019 §7.2.12) from the peer responsible for the group, at most {@code limit}
     * peers; see {@link TreeCrawler}.
     */
    public CompletableFuture<TreeCrawler.Crawl> crawl(String group, int limit) {
        return new TreeCrawler(c.overlay, c.clock::execute, c.self, () -> c.clock.execute(() -> c.count(AlmCounter.MALFORMED))).crawl(group, limit);
    }

    // ------------------------------------------------------------------ introspection (on the clock thread)

    /** A snapshot of one tree as this peer sees it. */
    public record TreeView(String group, boolean member, boolean root, String parent, List<String> children, int depth, long rttMillis,
            long delayToRootMillis, long heartbeatsSent, long heartbeatsAnswered, List<EdgeView> edges, boolean heldBack, int messagesWaiting) {
    }

    public CompletableFuture<List<TreeView>> trees() {
        CompletableFuture<List<TreeView>> f = new CompletableFuture<>();
        c.clock.execute(() -> f.complete(c.trees.values().stream().map(this::view).toList()));
        return f;
    }

    private TreeView view(Tree t) {
        return new TreeView(t.group, t.member, t.root(), t.parent, List.copyOf(t.children.keySet()), t.root() ? 0 : t.depth, t.rttMillis,
                t.root() ? 0 : t.delayToRoot, t.heartbeatsSent, t.heartbeatsAnswered, data.edgeViews(t.group), t.heldBack,
                t.streams == null ? 0 : t.streams.held());
    }
}
