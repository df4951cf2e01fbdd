package org.polycast.alm.internal.tree;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import org.polycast.alm.internal.wire.AlmCodec;
import org.polycast.alm.internal.wire.AlmFormatException;
import org.polycast.alm.internal.wire.AlmMessage;
import org.polycast.alm.internal.wire.DataRecord;
import org.polycast.api.overlay.AppLinks;

/**
 * The data on the trees ({@link DataRecord}s): a member's or sender's messages flood along the tree's edges (to the parent
 * and the children, each peer passing them on to its other edges: ASM), a source off the tree pushes to the root through
 * the overlay, which floods them down. Each peer passes a record on once (origin and sequence); a member delivers in
 * order, once, and with source authentication only what its origin signed ({@link MemberStreams}). Edges are direct links
 * where they can be ({@link EdgeLinks}), the overlay path otherwise.
 * <p>
 * Flow control: an incoming edge stops reading while another edge of its tree is full, so that a full edge slows what
 * feeds it, up to the source, whose sends this peer then refuses to the core ({@link #acceptsSend}), which holds the
 * application back. A member that holds the tree back for long is found and cut loose by {@link SlowEdges}. A re-joining
 * child is sent what it missed (a replay, over its new link first).
 */
final class DataPlane implements EdgeLinks.Events {
    /** Pushes of this peer's own data to a group id it is not on the tree of, at most, before its sends are held back. */
    private static final int MAX_ROOT_PUSHES_IN_FLIGHT = 4;
    /** Records of others this peer sends to a group id through the overlay, at most on their way at once. */
    private static final int MAX_FORWARDED_ROOT_PUSHES = 32;
    /** The period of the data plane's own checks: gaps, verification, slow edges. */
    static final long TICK_MILLIS = 100;
    /** How long the link of a peer that left is kept for the records still on it, at most. */
    static final long LEAVER_GRACE_MILLIS = 2_000;

    private final TreeContext c;
    private final Membership membership;
    private final EdgeLinks links;
    private final SlowEdges slowEdges;
    private final ManifestVerifier verifier;
    private final Executor crypto;
    private volatile ScribeTrees.ContentGate gate = (group, payload, offset, fromAbove) -> true;
    /** Groups whose local sends are held back: read by the application threads. */
    private final Set<String> heldBack = ConcurrentHashMap.newKeySet();
    private Runnable ticking = () -> {
    };
    private int forwardedRootPushes;

    DataPlane(TreeContext context, Membership membership, AppLinks appLinks, Executor crypto) {
        this.c = context;
        this.membership = membership;
        this.crypto = crypto;
        this.links = new EdgeLinks(context.data.links() ? appLinks : null, context.overlay, context.clock, context.counters, this,
                context.data.inboundLimitBytes(), context.data.maxLinks());
        this.slowEdges = new SlowEdges(context, links);
        this.verifier = new ManifestVerifier(context.overlay, context.clock, crypto, context.counters, context.data.manifestMaxAgeMillis());
        scheduleTick();
    }

    /** The overlay's AppLinks service came or went (null); the data settings may switch links off. */
    void appLinks(AppLinks service) {
        links.service(c.data.links() ? service : null);
    }

    void gate(ScribeTrees.ContentGate g) {
        gate = g;
    }

    EdgeLinks links() {
        return links;
    }

    /** Whether this peer takes another local message for the group now (flow control); any thread. */
    boolean acceptsSend(String group) {
        return !heldBack.contains(group);
    }

    // ------------------------------------------------------------------ membership's hooks

    void memberJoined(Tree t) {
        if (t.streams == null) {
            t.streams = new MemberStreams(new MemberStreams.Settings(c.data.sourceAuthentication(), c.data.gapWaitMillis(), c.data.verifyWaitMillis(),
                    c.data.receiveBufferBytes()), c.clock, c.counters, (origin, record) -> deliver(t, origin, record));
        }
    }

    /** The tree's edges changed (parent, children): links of peers that are no edge any more go, flow control is redone. */
    void edgesChanged(Tree t) {
        if (c.trees.get(t.group) != t) {
            return;
        }
        Set<String> peers = t.edgePeers();
        links.retain(t.group, peers);
        t.pausedFrom.retainAll(peers);
        updateFlow(t);
    }

    /** A child confirmed: link it, and send it what it asked for once its link is up. */
    void childConfirmed(Tree t, String child, long replayMillis) {
        links.linkChild(t.group, child);
        if (replayMillis > 0) {
            replay(t, child, replayMillis); // held for the link, like everything else until it is up
        }
        edgesChanged(t);
    }

    /** This peer attached below a parent: the parent makes the link, and what goes up waits for it a while. */
    void attached(Tree t) {
        links.expectLink(t.group, t.parent);
        edgesChanged(t);
    }

    /** Every heartbeat period: children whose link failed are tried again. */
    void maintain(Tree t) {
        links.retry(t.group, t.children.keySet());
        edgesChanged(t);
    }

    boolean mayForget(Tree t) {
        return (t.signer == null || t.signer.idle()) && t.leavers.isEmpty();
    }

    /**
     * A parent or child sent Leave: if its link is up, the link stays until the peer closes it (after its last records) or
     * for {@link #LEAVER_GRACE_MILLIS} at most, and what it brings is taken as from that edge.
     */
    void leaving(Tree t, String peer, boolean above) {
        if (links.linked(t.group, peer)) {
            t.leavers.put(peer, new Tree.Leaver(above, c.clock.nowMillis() + LEAVER_GRACE_MILLIS));
        }
    }

    private void leaverGone(Tree t, String peer) {
        if (t.leavers.remove(peer) != null) {
            edgesChanged(t);
            membership.prune(t);
        }
    }

    void forgotten(Tree t) {
        links.retain(t.group, Set.of());
        if (t.signer != null) {
            t.signer.close();
        }
        if (heldBack.remove(t.group)) {
            c.listener.sendBufferAvailable();
        }
    }

    // ------------------------------------------------------------------ the application side

    /** Sends data to the group (on the ALM thread): along the tree's edges when this peer is on the tree, else to the root. */
    void send(String group, byte[] data) {
        Tree t = membership.sending(group);
        byte[] record = DataRecord.data(c.selfId, t.nextSequence++, data, 0, data.length);
        c.count(AlmCounter.PUSHES_SENT);
        if (c.data.sourceAuthentication()) {
            if (t.signer == null) {
                t.signer = new ManifestSigner(group, c.selfId, c.overlay, c.clock, crypto, c.data.signatureIntervalMillis(), c.counters, this::ownManifest);
            }
            t.signer.sent(record);
        }
        sendOwn(t, record, true);
        if (t.signer != null && t.signer.behind() && !t.heldBack) {
            updateFlow(t);
        }
    }

    private void ownManifest(String group, byte[] manifest) {
        Tree t = c.trees.get(group);
        if (t != null) {
            sendOwn(t, manifest, false);
            updateFlow(t);
        }
    }

    private void sendOwn(Tree t, byte[] record, boolean data) {
        if (t.root() || t.parent != null || !t.children.isEmpty()) {
            flood(t, record, null, false, false);
            return;
        }
        // Not on the tree yet: to the root through the overlay; this peer's own member delivery comes back down from there.
        t.rootPushesInFlight++;
        pushToRoot(t.group, record, 0, () -> {
            Tree now = c.trees.get(t.group);
            if (now != null && now.rootPushesInFlight > 0) {
                now.rootPushesInFlight--;
                updateFlow(now);
            }
        });
        if (data) {
            updateFlow(t);
        }
    }

    /**
     * Passes data that reached this forwarder another way (through AMT) down to its children, as a message of its own: the
     * copy that comes down the tree later is stopped by the {@link ScribeTrees.ContentGate}, so the subtree gets one of the two.
     */
    void inject(String group, byte[] data) {
        Tree t = c.trees.get(group);
        if (t == null || t.children.isEmpty()) {
            return;
        }
        c.count(AlmCounter.PUSHES_INJECTED);
        byte[] record = DataRecord.data(c.selfId, t.nextSequence++, data, 0, data.length);
        if (c.data.sourceAuthentication()) {
            if (t.signer == null) {
                t.signer = new ManifestSigner(group, c.selfId, c.overlay, c.clock, crypto, c.data.signatureIntervalMillis(), c.counters, this::injectedManifest);
            }
            t.signer.sent(record);
        }
        flood(t, record, null, true, false);
    }

    private void injectedManifest(String group, byte[] manifest) {
        Tree t = c.trees.get(group);
        if (t != null) {
            flood(t, manifest, null, true, false);
        }
    }

    /**
     * Sends a record to the group id; a root without a tree yet refuses it, and a root that died does not answer: it goes
     * again every half heartbeat for as long as a re-forming tree takes (the replay window), then it is given up. Every
     * such Push costs a signature at each end, so that few may be on their way at once: this peer's own records are held
     * back per tree ({@link #MAX_ROOT_PUSHES_IN_FLIGHT}); records of others it passes on this way (its subtree's data while
     * it re-attaches, what its parent refused) are dropped, counted, beyond {@value #MAX_FORWARDED_ROOT_PUSHES}, so that a
     * tree re-forming under load cannot flood the overlay, which carries its control messages.
     */
    private void pushToRoot(String group, byte[] record, int attempt, Runnable done) {
        if (attempt == 0 && done == null) {
            if (forwardedRootPushes >= MAX_FORWARDED_ROOT_PUSHES) {
                c.count(AlmCounter.PUSHES_DROPPED_OVERLOAD);
                return;
            }
            forwardedRootPushes++;
        }
        Runnable finished = done != null ? done : () -> forwardedRootPushes--;
        c.overlay.request(HexFormat.of().parseHex(group), AlmCodec.encode(AlmCodec.SCRIBE_SAM, new AlmMessage.Push(group, 0, record))).whenComplete((a, e) -> {
            if (e == null) {
                c.clock.execute(finished);
                return;
            }
            if (attempt < 2 * c.replayWindow() / c.settings.heartbeatMillis() && !c.closed) {
                c.count(AlmCounter.PUSHES_RETRIED);
                c.clock.schedule(() -> pushToRoot(group, record, attempt + 1, finished), c.settings.heartbeatMillis() / 2);
            } else {
                c.count(AlmCounter.PUSHES_TO_ROOT_FAILED);
                c.clock.execute(finished);
            }
        });
    }

    // ------------------------------------------------------------------ records from other peers

    /** A record that came on a tree edge's link. */
    @Override
    public void record(String group, String from, byte[] record) {
        Tree t = c.trees.get(group);
        try {
            DataRecord.type(record);
        } catch (AlmFormatException e) {
            c.count(AlmCounter.MALFORMED);
            return;
        }
        if (t == null || c.closed) {
            return;
        }
        if (from.equals(t.parent) || t.children.containsKey(from) || from.equals(t.formerParent) || from.equals(t.confirming)) {
            if (from.equals(t.parent)) {
                t.parentHeardAt = c.clock.nowMillis();
            }
            flood(t, record, from, false, from.equals(t.parent) || from.equals(t.formerParent) || from.equals(t.confirming));
        } else if (t.leavers.containsKey(from)) {
            c.count(AlmCounter.RECORDS_AFTER_LEAVE);
            flood(t, record, from, false, t.leavers.get(from).above());
        }
    }

    @Override
    public boolean isEdge(String group, String peer) {
        Tree t = c.trees.get(group);
        return t != null && (peer.equals(t.parent) || peer.equals(t.confirming) || peer.equals(t.attachingTo));
    }

    @Override
    public void edgeChanged(String group, String peer) {
        Tree t = c.trees.get(group);
        if (t == null) {
            return;
        }
        EdgeLinks.Edge e = links.edge(group, peer);
        if (e != null && e.lagging && e.writable()) {
            slowEdges.recovered(t, e);
        }
        updateFlow(t);
    }

    @Override
    public void linkLost(String group, String peer) {
        Tree t = c.trees.get(group);
        if (t != null) {
            leaverGone(t, peer); // it closed after its last records
        }
        if (t != null && peer.equals(t.parent)) {
            // The parent's link broke (a crashed parent's kernel closes it at once): ask the parent now, briefly, rather than
            // at the next heartbeat, so that the subtree re-forms in about a second instead of RFC 7019's five.
            membership.probeParent(t);
        }
    }

    /** A Push over the overlay path; false when this peer has no tree to carry it (the source should try again shortly). */
    boolean onPush(String from, AlmMessage.Push p) {
        byte[] record = p.data();
        try {
            DataRecord.type(record);
        } catch (AlmFormatException e) {
            c.count(AlmCounter.MALFORMED_PUSH);
            return true; // taken, and dropped: a retry would not mend it
        }
        Tree t = c.trees.get(p.groupId());
        if (t == null) {
            // Routed here as the group's responsible peer while the tree has not reached it: root one, and let the
            // source retry so that the members (still below the old root) get the message once they have moved.
            t = membership.tree(p.groupId());
            t.place = Tree.Place.ROOT;
            remember(t, record); // for the replays of the members that re-join here
            c.count(AlmCounter.PUSHES_WITHOUT_TREE);
            return false;
        }
        if (from.equals(t.parent) || t.children.containsKey(from) || from.equals(t.formerParent) || from.equals(t.confirming)) {
            if (from.equals(t.parent)) {
                t.parentHeardAt = c.clock.nowMillis();
            }
            flood(t, record, from, false, !t.children.containsKey(from));
            return true;
        }
        // Routed here by the group id from a source off the tree.
        if (t.root() && t.children.isEmpty() && !t.member && t.formerParent == null) {
            remember(t, record);
            c.count(AlmCounter.PUSHES_WITHOUT_TREE);
            return false;
        }
        if (t.root() || t.parent != null) {
            if (!t.root()) {
                // Responsibility moved and this peer is not the root yet: the flood goes up as well as down.
                c.count(AlmCounter.PUSHES_PASSED_UP);
            }
            // From above only at the root: a peer the route reached before the root must pass it up whatever AMT brought.
            flood(t, record, null, false, t.root());
            return true;
        }
        c.count(AlmCounter.PUSHES_WITHOUT_TREE);
        return false;
    }

    // ------------------------------------------------------------------ the flood

    /**
     * Passes a record on to the tree's edges but the one it came from ({@code from}, null for none; {@code down}: to the
     * children only), to a former parent for a while after taking the root, and delivers it here if this peer is a member;
     * {@code above}: it came from the parent's side (the parent, a former parent, or a source that pushed it to the root).
     */
    private void flood(Tree t, byte[] record, String from, boolean down, boolean above) {
        int type = record[0];
        DataRecord.Origin origin = DataRecord.originKey(record);
        DataRecord.Manifest manifest = null;
        if (type == DataRecord.DATA) {
            if (!t.seen.firstTime(origin, DataRecord.sequence(record))) {
                c.count(AlmCounter.DUPLICATES_DROPPED);
                return;
            }
            if (!gate.passOn(t.group, record, DataRecord.DATA_HEADER, above)) {
                c.count(AlmCounter.COPIES_DROPPED_HYBRID);
                return;
            }
            t.messages++;
            t.bytes += record.length - DataRecord.DATA_HEADER;
        } else if (type == DataRecord.MANIFEST) {
            try {
                manifest = DataRecord.Manifest.decode(record);
            } catch (AlmFormatException e) {
                c.count(AlmCounter.MALFORMED);
                return;
            }
            if (!t.manifestsSeen.firstTime(origin, manifest.number())) {
                c.count(AlmCounter.DUPLICATES_DROPPED);
                return;
            }
        } else {
            // SKIP: meaningful only from this peer's parent, for this peer and so for its subtree.
            if (from == null || !from.equals(t.parent)) {
                return;
            }
            if (t.streams != null) {
                t.streams.skip(origin, DataRecord.sequence(record));
            }
            for (String child : t.children.keySet()) {
                links.send(t.group, child, record, null);
            }
            return;
        }
        remember(t, record);
        for (String child : t.children.keySet()) {
            if (!child.equals(from)) {
                sendTo(t, child, record, type);
            }
        }
        if (t.parent != null && !down && !t.parent.equals(from)) {
            sendTo(t, t.parent, record, type);
        }
        if (t.formerParent != null && !down) {
            if (t.children.containsKey(t.formerParent) || c.clock.nowMillis() > t.formerParentUntil) {
                t.formerParent = null; // it has joined below us, or had its time
            } else if (!t.formerParent.equals(t.parent) && !t.formerParent.equals(from)) {
                c.count(AlmCounter.PUSHES_TO_FORMER_PARENT);
                sendTo(t, t.formerParent, record, type);
            }
        }
        if (!down && !t.root() && t.parent == null && (from == null || t.children.containsKey(from))) {
            // Between parents (re-joining, or attaching below a new root): data from this subtree goes up through the
            // group id meanwhile, or the rest of the tree would never see it.
            c.count(AlmCounter.PUSHES_UP_WHILE_DETACHED);
            pushToRoot(t.group, record, 0, null);
        }
        if (t.member && !down && t.streams != null) {
            // (An injected copy is for the subtree; this peer's application has it from the other path already.)
            if (type == DataRecord.DATA) {
                t.streams.data(record);
                if (from != null && t.pausedForHeld == null && t.streams.heldBytes() > c.data.receiveBufferBytes() * 3 / 4) {
                    // Three quarters of the buffer wait for their manifests (verification here is far behind): the link from
                    // above waits too (TCP backs the tree up to the sender) rather than the buffer overflowing.
                    t.pausedForHeld = from;
                    t.pausedForHeldAt = c.clock.nowMillis();
                    c.count(AlmCounter.PAUSED_FOR_VERIFICATION);
                    links.pauseReading(t.group, from, true);
                }
            } else if (c.data.sourceAuthentication()) {
                MemberStreams streams = t.streams;
                verifier.verify(t.group, manifest, m -> {
                    if (t.streams == streams) {
                        streams.manifest(m);
                        resumeIfDrained(t, false);
                    }
                });
            }
        }
        if (from != null && !t.pausedFrom.contains(from) && anyFull(t, from)) {
            // An edge this record goes to is full: what feeds this peer from that side waits (TCP backs it up) until it has room.
            t.pausedFrom.add(from);
            links.pauseReading(t.group, from, true);
        }
    }

    /** Sends a record on one edge, unless the edge is marked slow (then it is dropped and counted). */
    private void sendTo(Tree t, String edge, byte[] record, int type) {
        EdgeLinks.Edge e = links.edge(t.group, edge);
        if (e != null && slowEdges.drops(t, e, record, type)) {
            return;
        }
        boolean up = edge.equals(t.parent);
        links.send(t.group, edge, record, up ? () -> {
            // The parent is gone (or no longer has us): the rest of the tree gets it through the group id's root.
            c.count(AlmCounter.PUSHES_REROUTED_TO_ROOT);
            pushToRoot(t.group, record, 0, null);
        } : () -> membership.dropUnreachableChild(t, edge));
        c.count(AlmCounter.PUSHES_FORWARDED);
    }

    /** A member's in-order, verified delivery of a DATA record. */
    private void deliver(Tree t, String origin, byte[] record) {
        if (t.seen.newOrigin(origin)) {
            c.listener.newSource(t.group, origin);
        }
        c.count(AlmCounter.DELIVERED);
        c.listener.deliver(t.group, origin, java.util.Arrays.copyOfRange(record, DataRecord.DATA_HEADER, record.length));
    }

    /** Keeps a passed-on record for re-joining children, within the time, count and byte bounds. */
    private void remember(Tree t, byte[] record) {
        long now = c.clock.nowMillis();
        t.recent.add(now, record, now - c.replayWindow());
    }

    /** Delivers here what this peer passed on since {@code since} (it forwarded without being a member meanwhile). */
    void deliverRecent(Tree t, long since) {
        if (t.streams == null) {
            return;
        }
        MemberStreams streams = t.streams;
        for (byte[] record : t.recent.since(since)) {
            int type = record[0];
            if (type == DataRecord.DATA) {
                c.count(AlmCounter.DELIVERED_FROM_OWN_BUFFER);
                streams.data(record);
            } else if (type == DataRecord.MANIFEST && c.data.sourceAuthentication()) {
                try {
                    verifier.verify(t.group, DataRecord.Manifest.decode(record), m -> {
                        if (t.streams == streams) {
                            streams.manifest(m);
                        }
                    });
                } catch (AlmFormatException e) {
                    c.count(AlmCounter.MALFORMED);
                }
            }
        }
    }

    /** Sends a re-joined child the records of the time it asked for; what it already has, it drops as duplicates. */
    private void replay(Tree t, String child, long millis) {
        long since = c.clock.nowMillis() - Math.min(millis, c.replayWindow());
        List<byte[]> missed = t.recent.since(since);
        for (byte[] record : missed) {
            links.send(t.group, child, record, null);
        }
        c.count(AlmCounter.REPLAYS);
        c.counters.add(AlmCounter.REPLAYED_MESSAGES, missed.size());
    }

    // ------------------------------------------------------------------ flow control

    /** Whether an edge of the tree other than {@code except} is full (edges marked slow do not count). */
    private boolean anyFull(Tree t, String except) {
        for (EdgeLinks.Edge e : links.edges(t.group)) {
            if (!e.peer.equals(except) && SlowEdges.holdsBack(e) && !e.writable() && isCurrentEdge(t, e.peer)) {
                return true;
            }
        }
        return false;
    }

    static boolean isCurrentEdge(Tree t, String peer) {
        return peer.equals(t.parent) || t.children.containsKey(peer) || peer.equals(t.formerParent);
    }

    /**
     * Reads the edge paused for a full member buffer again once the buffer has drained to half, or after a gap wait
     * without draining ({@code stalled}): a manifest that was lost would never come while the link waits, and the buffer's
     * own bound (its oldest messages go, counted) takes over.
     */
    private void resumeIfDrained(Tree t, boolean stalled) {
        if (t.pausedForHeld == null || t.streams == null) {
            return;
        }
        if (stalled || t.streams.heldBytes() <= c.data.receiveBufferBytes() / 2) {
            String p = t.pausedForHeld;
            t.pausedForHeld = null;
            if (!t.pausedFrom.contains(p)) {
                links.pauseReading(t.group, p, false);
            }
        }
    }

    /** Resumes incoming edges that may read again, and holds local sends back or lets them go. */
    private void updateFlow(Tree t) {
        if (!t.pausedFrom.isEmpty()) {
            for (String p : new ArrayList<>(t.pausedFrom)) {
                EdgeLinks.Edge e = links.edge(t.group, p);
                if (e == null || !e.pausedForFlow && !p.equals(t.pausedForHeld)) {
                    t.pausedFrom.remove(p); // gone, or a new link that reads (a flood from it pauses it again if need be)
                } else if (!anyFull(t, p) && !p.equals(t.pausedForHeld)) {
                    t.pausedFrom.remove(p);
                    links.pauseReading(t.group, p, false);
                }
            }
        }
        boolean hold = anyFull(t, null) || (!t.onTree() || t.attaching()) && t.rootPushesInFlight >= MAX_ROOT_PUSHES_IN_FLIGHT
                || t.signer != null && t.signer.behind();
        if (hold != t.heldBack) {
            t.heldBack = hold;
            if (hold) {
                heldBack.add(t.group);
            } else {
                heldBack.remove(t.group);
                c.listener.sendBufferAvailable();
            }
        }
    }

    private void scheduleTick() {
        ticking = c.clock.schedule(() -> {
            if (c.closed) {
                return;
            }
            tick();
            scheduleTick();
        }, TICK_MILLIS);
    }

    /** Gaps and verification time-outs of members, and slow edges. */
    private void tick() {
        long now = c.clock.nowMillis();
        links.expectationsExpired();
        for (Tree t : new ArrayList<>(c.trees.values())) {
            for (Map.Entry<String, Tree.Leaver> l : new ArrayList<>(t.leavers.entrySet())) {
                if (now >= l.getValue().until()) {
                    leaverGone(t, l.getKey());
                }
            }
            if (c.trees.get(t.group) != t) {
                continue;
            }
            if (t.streams != null) {
                t.streams.tick();
                resumeIfDrained(t, t.pausedForHeld != null && now - t.pausedForHeldAt >= c.data.gapWaitMillis());
            }
            if (slowEdges.watch(t, now)) {
                updateFlow(t);
            }
        }
    }

    // ------------------------------------------------------------------ closing

    /** Signs what this peer's own messages still lack (the tail of each run). */
    void flushManifests() {
        for (Tree t : c.trees.values()) {
            if (t.signer != null) {
                t.signer.flush();
            }
        }
    }

    /** Whether everything this peer took is on its way: manifests signed, links drained, overlay-path Pushes answered. */
    boolean drained() {
        for (Tree t : c.trees.values()) {
            if (t.signer != null && !t.signer.idle() || t.rootPushesInFlight > 0) {
                return false;
            }
        }
        return links.pending() == 0;
    }

    void close() {
        ticking.run();
        links.close();
    }

    /** The edges of a tree as status: peer, path (link or overlay), and whether slow. */
    List<ScribeTrees.EdgeView> edgeViews(String group) {
        List<ScribeTrees.EdgeView> out = new ArrayList<>();
        for (EdgeLinks.Edge e : links.edges(group)) {
            out.add(new ScribeTrees.EdgeView(e.peer, e.state.name().toLowerCase(java.util.Locale.ROOT), e.writable(), e.lagging, e.pendingBytes(), e.dropped));
        }
        return out;
    }
}
