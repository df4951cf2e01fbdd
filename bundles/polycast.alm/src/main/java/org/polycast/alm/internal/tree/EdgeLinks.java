package org.polycast.alm.internal.tree;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.polycast.alm.internal.wire.AlmCodec;
import org.polycast.alm.internal.wire.AlmMessage;
import org.polycast.api.overlay.AppLink;
import org.polycast.api.overlay.AppLinkAcceptor;
import org.polycast.api.overlay.AppLinks;
import org.polycast.api.overlay.OverlayError;
import org.polycast.api.overlay.OverlayException;
import org.polycast.api.overlay.OverlayService;

/**
 * The data path of this peer's tree edges (RFC 7019 §3.5, the data topology of direct parent-child connections): one
 * application link per tree and edge, made with AppAttach by the parent once a child has confirmed (Application-ID
 * {@value #APPLICATION_ID}, private use; token: the group id and a nonce), TLS with the overlay's certificates on both
 * ends. While a link is being made (the parent's AppAttach is on its way, or the child's connection), records for the edge
 * wait for it, up to {@value #MAX_DEFERRED_BYTES} octets (the edge counts as full beyond {@value #DEFERRED_FULL_BYTES}), so
 * that they keep their order and cost no signature each; if the link does not come within {@value #EXPECT_LINK_MILLIS}
 * ms, or cannot be made, they go as Pushes over the overlay path, as RFC 7019's first data topology has it, and so does
 * everything for a child that serves no ALM links (Error_Not_Found).
 * <p>
 * Flow control: an edge is writable while its link's send buffer is below its high-water mark (an overlay-path edge:
 * while fewer than {@value #MAX_IN_FLIGHT} of its Pushes await an answer). Records that reach this peer on a link are
 * queued for the ALM thread; past {@code inboundLimitBytes} every link stops reading until the queue has drained to half.
 * A link can also stop reading for flow control of its tree ({@link #pauseReading}).
 * <p>
 * Every method runs on the ALM thread, except the links' listeners, which only queue.
 */
final class EdgeLinks implements AppLinkAcceptor {
    /** The Application-ID of ALM data links: the first of RFC 6940's private-use range. */
    static final int APPLICATION_ID = AppLinks.PRIVATE_USE_FIRST;
    /** Pushes over the overlay path an edge may have unanswered before it counts as full. */
    static final int MAX_IN_FLIGHT = 16;
    /** Records held for a link being made, at most; and from when the edge counts as full. */
    static final long MAX_DEFERRED_BYTES = 4L << 20;
    static final long DEFERRED_FULL_BYTES = 1L << 20;
    /** How long a child holds its records for the link its new parent makes, before it sends them over the overlay path. */
    static final long EXPECT_LINK_MILLIS = 2_000;
    static final int TOKEN = 16 + 8;
    /** Records from links handed to the trees per task of the ALM thread. */
    private static final int INBOUND_BATCH = 512;
    private static final long RETRY_MIN_MILLIS = 1_000;
    private static final long RETRY_MAX_MILLIS = 30_000;
    private static final long UNSUPPORTED_RETRY_MILLIS = 60_000;

    /** What the trees hear from their edges. */
    interface Events {
        /** A record from a peer, on the ALM thread. */
        void record(String group, String peer, byte[] record);

        /** An edge of the tree became writable again, or its link went (its sends may move). */
        void edgeChanged(String group, String peer);

        /** Whether the peer is an edge of the tree now (an inbound link from anyone else is refused). */
        boolean isEdge(String group, String peer);

        /** The link of an edge closed or broke without this peer closing it: the peer may be gone. */
        void linkLost(String group, String peer);
    }

    enum LinkState {
        /** No link; records take the overlay path. */
        NONE,
        /** AppAttach sent (parent side) or accepted (child side); records take the overlay path meanwhile. */
        ATTACHING,
        UP,
        /** The child serves no ALM links: the overlay path, and a new try only after a long while. */
        UNSUPPORTED
    }

    /** One edge of one tree: a peer this peer exchanges the tree's records with. */
    static final class Edge {
        final String group;
        final String peer;
        LinkState state = LinkState.NONE;
        AppLink link;
        byte[] token;
        /** This side made the link (the parent): it tries again when it goes. */
        boolean initiator;
        int inFlight;
        long unwritableSince;
        long retryAt;
        long backoff = RETRY_MIN_MILLIS;
        /** AppAttaches in a row the child answered with Error_Not_Found. */
        int notFound;
        boolean pausedForFlow;
        /** Marked slow: full while its siblings drained; its records are dropped until it drains. */
        boolean lagging;
        /**
         * Drained after being slow, and on probation: it gets records while it has room and loses them (counted, SKIPs
         * after) while full, but never holds the tree back, until it has had room for three quarters of a whole window.
         * Without this a member that stays slow would block the tree for a window after every recovery.
         */
        boolean probation;
        /**
         * While probed (until then; 0: not probed): full while its siblings had room, it neither holds the tree back nor
         * loses records for a moment, so that what it drains at the tree's unhindered pace shows whether it is slow.
         */
        long probeUntil;
        long probeSentBytes;
        long probePendingBytes;
        /** No new probe before this (one window after the last). */
        long nextProbeAt;
        /** Probes in a row that found it slow. */
        int slowProbes;
        /** Octets handed to the edge so far (its link, its deferred queue or the overlay path). */
        long sentBytes;
        /** Whether the edge had room at each of the data plane's ticks over the last slowMemberMillis, newest last. */
        final java.util.ArrayDeque<Boolean> roomSamples = new java.util.ArrayDeque<>();
        /** Records dropped for it so far, at each tick, oldest first (one more than the window). */
        private final java.util.ArrayDeque<Long> totals = new java.util.ArrayDeque<>();
        /** For a slow edge: per origin, the sequence after the last record dropped (a SKIP tells it on recovery). */
        final Map<String, Long> skipped = new HashMap<>();
        /** Records waiting for the link to come up or fail, in order. */
        final List<byte[]> deferred = new ArrayList<>();
        long deferredBytes;
        /** For a child waiting for its parent's link: until when. */
        long expectUntil;
        long dropped;

        Edge(String group, String peer) {
            this.group = group;
            this.peer = peer;
        }

        boolean writable() {
            return switch (state) {
                case UP -> link.writable();
                case ATTACHING -> deferredBytes < DEFERRED_FULL_BYTES;
                default -> inFlight < MAX_IN_FLIGHT;
            };
        }

        /** Octets not yet on their way: queued on the link, or held for a link that is being made. */
        long pendingBytes() {
            return (state == LinkState.UP ? link.pendingBytes() : 0) + deferredBytes;
        }

        /** Notes whether the edge has room now, keeping the last {@code samples}. */
        void sample(int samples) {
            roomSamples.addLast(writable());
            while (roomSamples.size() > samples) {
                roomSamples.pollFirst();
            }
            totals.addLast(dropped);
            while (totals.size() > samples + 1) {
                totals.pollFirst();
            }
        }

        /** Records not sent to this edge (slow, or full on probation) over the samples kept. */
        long droppedInWindow() {
            return totals.isEmpty() ? 0 : totals.peekLast() - totals.peekFirst();
        }

        /** Starts the samples afresh (a new spell of being watched). */
        void resetSamples() {
            roomSamples.clear();
            totals.clear();
        }

        /** Whether the samples cover a whole window of {@code samples}. */
        boolean windowFull(int samples) {
            return roomSamples.size() >= samples;
        }

        /** The share of the samples kept at which the edge had room (0 to 1); 0 with none. */
        double roomShare() {
            if (roomSamples.isEmpty()) {
                return 0;
            }
            int room = 0;
            for (boolean b : roomSamples) {
                room += b ? 1 : 0;
            }
            return (double) room / roomSamples.size();
        }
    }

    /** Records that came on a link in one read, waiting for the ALM thread. */
    private record Inbound(LinkListener from, List<byte[]> records, long bytes) {
    }

    private AppLinks links;
    private final OverlayService overlay;
    private final ScribeTrees.Clock clock;
    private final TreeCounters counters;
    private final Events events;
    private final long inboundLimitBytes;
    private final int maxLinks;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Map<String, Edge>> edges = new HashMap<>();
    private final Queue<Inbound> inbound = new ConcurrentLinkedQueue<>();
    private final AtomicLong inboundBytes = new AtomicLong();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    /** Links stopped because the inbound queue was full, with their listeners; a link reads iff in neither this nor paused for flow. */
    private final Map<AppLink, LinkListener> pausedForInbound = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger openLinks = new AtomicInteger();
    private final java.util.LinkedHashSet<AppLink> dirty = new java.util.LinkedHashSet<>();
    private boolean flushScheduled;
    private AutoCloseable serving;
    private volatile boolean closed;

    /** @param links the overlay's AppLinks service, or null: every edge takes the overlay path */
    EdgeLinks(AppLinks links, OverlayService overlay, ScribeTrees.Clock clock, TreeCounters counters, Events events, long inboundLimitBytes, int maxLinks) {
        this.links = links;
        this.overlay = overlay;
        this.clock = clock;
        this.counters = counters;
        this.events = events;
        this.inboundLimitBytes = inboundLimitBytes;
        this.maxLinks = maxLinks;
        service(links);
    }

    /**
     * The overlay's AppLinks service came or went (null): links are made through it from now on, and AppAttach for ALM is
     * served by it. Links made through a service that went stay until they close.
     */
    void service(AppLinks service) {
        if (serving != null) {
            try {
                serving.close();
            } catch (Exception e) {
                // that service is gone already
            }
            serving = null;
        }
        links = service;
        if (service != null && !closed) {
            try {
                serving = service.serve(APPLICATION_ID, this);
            } catch (IllegalStateException e) {
                serving = null; // another ALM instance serves it (tests with several trees on one peer)
            }
        }
    }

    // ------------------------------------------------------------------ edges

    Edge edge(String group, String peer) {
        Map<String, Edge> g = edges.get(group);
        return g == null ? null : g.get(peer);
    }

    private Edge edgeOrNew(String group, String peer) {
        return edges.computeIfAbsent(group, x -> new HashMap<>()).computeIfAbsent(peer, p -> new Edge(group, p));
    }

    /** The edges of a tree this peer knows. */
    java.util.Collection<Edge> edges(String group) {
        Map<String, Edge> g = edges.get(group);
        return g == null ? List.of() : g.values();
    }

    /**
     * A child confirmed: the parent makes the link (AppAttach), unless one is up or being made, or a recent try failed.
     * Replays for the child wait for the link ({@link #deferUntilLinked}).
     */
    void linkChild(String group, String child) {
        Edge e = edgeOrNew(group, child);
        if (links == null || closed || e.state == LinkState.UP || e.state == LinkState.ATTACHING && e.initiator) {
            e.initiator = true;
            return;
        }
        e.initiator = true;
        if (clock.nowMillis() < e.retryAt) {
            return;
        }
        if (openLinks.get() >= maxLinks) {
            counters.add(AlmCounter.LINKS_REFUSED);
            return;
        }
        byte[] token = new byte[TOKEN];
        System.arraycopy(HexFormat.of().parseHex(group), 0, token, 0, 16);
        byte[] nonce = new byte[8];
        random.nextBytes(nonce);
        System.arraycopy(nonce, 0, token, 16, 8);
        e.state = LinkState.ATTACHING;
        e.token = token;
        LinkListener listener = new LinkListener(group, child);
        links.attach(child, APPLICATION_ID, token, listener).whenComplete((link, error) -> clock.execute(() -> {
            Edge now = edge(group, child);
            if (now != e || e.token != token || closed) {
                if (link != null) {
                    link.close("no longer an edge of the tree");
                }
                return;
            }
            if (error != null) {
                attachFailed(e, error);
                return;
            }
            up(e, link, listener);
        }));
    }

    private void attachFailed(Edge e, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        // Error_Not_Found: the child serves no ALM links; thrice in a row (once may be a child that is still starting) and it
        // is taken for one that cannot.
        boolean notFound = cause instanceof OverlayException o && o.error().equals(OverlayError.NOT_FOUND);
        e.notFound = notFound ? e.notFound + 1 : 0;
        boolean unsupported = e.notFound >= 3;
        counters.add(unsupported ? AlmCounter.LINKS_UNSUPPORTED : AlmCounter.LINK_ATTACH_FAILED);
        e.state = unsupported ? LinkState.UNSUPPORTED : LinkState.NONE;
        e.retryAt = clock.nowMillis() + (unsupported ? UNSUPPORTED_RETRY_MILLIS : e.backoff);
        e.backoff = Math.min(RETRY_MAX_MILLIS, e.backoff * 2);
        e.link = null;
        releaseDeferred(e);
        events.edgeChanged(e.group, e.peer);
    }

    private void up(Edge e, AppLink link, LinkListener listener) {
        e.state = LinkState.UP;
        e.link = link;
        // A new link starts reading and on a clean slate: what its predecessor was paused or suspected for does not carry
        // over (the tree re-pauses it if an edge is still full; DataPlane drops its own note of the pause on edgeChanged).
        e.pausedForFlow = false;
        e.probeUntil = 0;
        e.slowProbes = 0;
        if (listener != null) {
            listener.link = link;
        }
        e.backoff = RETRY_MIN_MILLIS;
        openLinks.incrementAndGet();
        counters.add(AlmCounter.LINKS_UP);
        releaseDeferred(e);
        events.edgeChanged(e.group, e.peer);
    }

    /** Records held for the link go out now, in order: over the link or, if it failed, over the overlay path. */
    private void releaseDeferred(Edge e) {
        List<byte[]> held = new ArrayList<>(e.deferred);
        e.deferred.clear();
        e.deferredBytes = 0;
        for (byte[] r : held) {
            send(e.group, e.peer, r, null);
        }
    }

    /**
     * A child attached below a parent that makes links: its records for the parent wait for the link for a while (the
     * parent's AppAttach follows its JoinConfirm answer at once).
     */
    void expectLink(String group, String parent) {
        Edge e = edgeOrNew(group, parent);
        if (links != null && !closed && e.state == LinkState.NONE) {
            e.state = LinkState.ATTACHING;
            e.expectUntil = clock.nowMillis() + EXPECT_LINK_MILLIS;
        }
    }

    /** A child's wait for its parent's link ran out: what it held goes over the overlay path, and so does what follows. */
    void expectationsExpired() {
        long now = clock.nowMillis();
        for (Map<String, Edge> g : edges.values()) {
            for (Edge e : g.values()) {
                if (e.state == LinkState.ATTACHING && !e.initiator && e.expectUntil > 0 && now >= e.expectUntil) {
                    e.state = LinkState.NONE;
                    e.expectUntil = 0;
                    counters.add(AlmCounter.LINK_ATTACH_FAILED);
                    releaseDeferred(e);
                    events.edgeChanged(e.group, e.peer);
                }
            }
        }
    }

    /** Forgets an edge (the peer left the tree, or is no longer the parent) and closes its link. */
    void forget(String group, String peer) {
        Map<String, Edge> g = edges.get(group);
        Edge e = g == null ? null : g.remove(peer);
        if (g != null && g.isEmpty()) {
            edges.remove(group);
        }
        if (e != null) {
            e.token = null;
            if (e.link != null) {
                close(e, "no longer an edge of the tree");
            }
        }
    }

    /** Forgets every edge of a tree but those named. */
    void retain(String group, Set<String> peers) {
        Map<String, Edge> g = edges.get(group);
        if (g != null) {
            for (String p : new ArrayList<>(g.keySet())) {
                if (!peers.contains(p)) {
                    forget(group, p);
                }
            }
        }
    }

    private void close(Edge e, String reason) {
        AppLink l = e.link;
        e.link = null;
        e.state = LinkState.NONE;
        if (l != null) {
            openLinks.decrementAndGet();
            l.close(reason);
        }
    }

    // ------------------------------------------------------------------ sending

    /**
     * Sends a record on an edge: over its link when one is up, otherwise as a Push over the overlay path; held back while
     * a replay waits for the link. {@code failed} hears of an overlay-path Push the peer did not take (null: nobody).
     */
    void send(String group, String peer, byte[] record, Runnable failed) {
        Edge e = edgeOrNew(group, peer); // an edge without a link yet counts its Pushes in flight too
        e.sentBytes += record.length + 3; // octets handed to the edge, whichever path takes them
        if (e.state == LinkState.ATTACHING && e.deferredBytes + record.length <= MAX_DEFERRED_BYTES) {
            e.deferred.add(record);
            e.deferredBytes += record.length;
            return;
        }
        if (e.state == LinkState.UP && e.link.send(ByteBuffer.wrap(record))) {
            counters.add(AlmCounter.RECORDS_OVER_LINKS);
            markDirty(e.link);
            return;
        }
        counters.add(AlmCounter.RECORDS_OVER_OVERLAY);
        e.inFlight++;
        overlay.requestNode(peer, AlmCodec.encode(AlmCodec.SCRIBE_SAM, new AlmMessage.Push(group, 0, record))).whenComplete((a, error) -> clock.execute(() -> {
            Edge now = edge(group, peer);
            if (now != null && now.inFlight > 0) {
                boolean wasFull = !now.writable();
                now.inFlight--;
                if (wasFull && now.writable()) {
                    events.edgeChanged(group, peer);
                }
            }
            if (error != null) {
                counters.add(AlmCounter.PUSHES_FORWARDED_FAILED);
                if (failed != null) {
                    failed.run();
                }
            }
        }));
    }

    private void markDirty(AppLink link) {
        dirty.add(link);
        if (!flushScheduled) {
            flushScheduled = true;
            // After the tasks queued now: a burst of records leaves in one flush, coalesced into full TLS records.
            clock.execute(this::flushDirty);
        }
    }

    private void flushDirty() {
        flushScheduled = false;
        for (AppLink l : dirty) {
            l.flush();
        }
        dirty.clear();
    }

    /** Whether the edge to the peer has a link up (records it sent may still be on it). */
    boolean linked(String group, String peer) {
        Edge e = edge(group, peer);
        return e != null && e.state == LinkState.UP;
    }

    /** Whether an edge takes records now; an unknown edge takes the overlay path and counts as writable. */
    boolean writable(String group, String peer) {
        Edge e = edge(group, peer);
        return e == null || e.writable();
    }

    /** Stops or resumes reading an edge's link for the flow control of its tree. */
    void pauseReading(String group, String peer, boolean paused) {
        Edge e = edge(group, peer);
        if (e == null || e.pausedForFlow == paused) {
            return;
        }
        e.pausedForFlow = paused;
        if (paused) {
            counters.add(AlmCounter.READING_PAUSED);
        }
        if (e.link != null) {
            applyReading(e.group, e.peer, e.link);
        }
    }

    /**
     * Sets whether a link reads from both of its reasons to stop, on the ALM thread. Reading is derived, never toggled by
     * one reason alone: a link resumed for flow while another link filled the inbound queue, or paused by its I/O thread
     * just as the ALM thread drained the queue, would otherwise stay stopped for good (and with it the tree below).
     */
    private void applyReading(String group, String peer, AppLink link) {
        Edge e = edge(group, peer);
        boolean pausedForFlow = e != null && e.link == link && e.pausedForFlow;
        link.setReading(!pausedForFlow && !pausedForInbound.containsKey(link));
    }

    // ------------------------------------------------------------------ the child's side: AppAttach from a parent

    @Override
    public AppLink.Listener accept(String nodeId, byte[] token) {
        if (closed || token.length != TOKEN || openLinks.get() >= maxLinks) {
            counters.add(AlmCounter.LINKS_REFUSED);
            return null;
        }
        return new LinkListener(HexFormat.of().formatHex(token, 0, 16), nodeId);
    }

    @Override
    public void linkUp(AppLink link, byte[] token) {
        String group = HexFormat.of().formatHex(token, 0, 16);
        clock.execute(() -> {
            if (closed || !events.isEdge(group, link.peer())) {
                // Only a tree's parent (or the peer this one is confirming to) makes links to it.
                counters.add(AlmCounter.LINKS_REFUSED);
                link.close("not an edge of this peer's tree " + group);
                return;
            }
            Edge e = edgeOrNew(group, link.peer());
            if (e.link != null) {
                close(e, "replaced by a new link");
            }
            e.initiator = false;
            e.token = token;
            e.expectUntil = 0;
            // The transport reports this link to the listener accept() made, which learns the link on its first call.
            up(e, link, null);
        });
    }

    // ------------------------------------------------------------------ receiving

    /** One link's listener: queues what the link brings for the ALM thread. */
    final class LinkListener implements AppLink.Listener {
        final String group;
        final String peer;
        volatile AppLink link;

        LinkListener(String group, String peer) {
            this.group = group;
            this.peer = peer;
        }

        /** The records of the read in progress (touched on the link's I/O thread only). */
        private List<byte[]> batch = new ArrayList<>();
        private long batchBytes;

        @Override
        public void received(AppLink from, ByteBuffer frame) {
            if (link == null) {
                link = from;
            }
            byte[] record = new byte[frame.remaining()];
            frame.get(record);
            batch.add(record);
            batchBytes += record.length;
            if (batch.size() >= INBOUND_BATCH) {
                readComplete(from);
            }
        }

        /** Hands the read's records to the ALM thread in one piece. */
        @Override
        public void readComplete(AppLink from) {
            if (batch.isEmpty()) {
                return;
            }
            inbound.add(new Inbound(this, batch, batchBytes));
            long queued = inboundBytes.addAndGet(batchBytes);
            batch = new ArrayList<>();
            batchBytes = 0;
            if (queued > inboundLimitBytes && pausedForInbound.putIfAbsent(from, this) == null) {
                counters.add(AlmCounter.INBOUND_PAUSED);
                from.setReading(false); // at once, on this I/O thread; then settled on the ALM thread, after any drain meanwhile
                clock.execute(() -> applyReading(group, peer, from));
            }
            if (drainScheduled.compareAndSet(false, true)) {
                clock.execute(EdgeLinks.this::drain);
            }
        }

        @Override
        public void writabilityChanged(AppLink from, boolean writable) {
            if (link == null) {
                link = from;
            }
            clock.execute(() -> {
                Edge e = edge(group, peer);
                if (e != null && e.link == from) {
                    e.unwritableSince = writable ? 0 : clock.nowMillis();
                    events.edgeChanged(group, peer);
                }
            });
        }

        @Override
        public void closed(AppLink from, String reason) {
            if (from != null) {
                pausedForInbound.remove(from);
            }
            clock.execute(() -> {
                // What the link brought before it closed goes to the tree first (a drain may have left some for later).
                drainAll();
                Edge e = edge(group, peer);
                if (e == null || (e.link != from && from != null)) {
                    return;
                }
                if (e.link == null && e.state == LinkState.ATTACHING && from == null) {
                    attachFailed(e, new IllegalStateException(reason));
                    return;
                }
                if (e.link != null) {
                    openLinks.decrementAndGet();
                }
                counters.add(AlmCounter.LINKS_DOWN);
                e.link = null;
                e.state = LinkState.NONE;
                e.unwritableSince = 0;
                e.retryAt = clock.nowMillis() + e.backoff;
                events.edgeChanged(group, peer);
                if (!reason.startsWith("closed here")) {
                    events.linkLost(group, peer);
                }
            });
        }
    }

    private void drainAll() {
        while (!inbound.isEmpty()) {
            handOver(Integer.MAX_VALUE);
        }
    }

    /** Hands the queued records to the trees, then lets paused links read again once the queue has drained. */
    private void drain() {
        drainScheduled.set(false);
        handOver(INBOUND_BATCH);
        if (!inbound.isEmpty() && drainScheduled.compareAndSet(false, true)) {
            clock.execute(this::drain); // the rest after the ALM thread's other work
        }
    }

    /** Hands about {@code max} queued records to the trees; links paused for the queue read again once it is half empty. */
    private void handOver(int max) {
        int n = 0;
        for (Inbound in; n < max && (in = inbound.poll()) != null; n += in.records.size()) {
            inboundBytes.addAndGet(-in.bytes);
            Edge e = edge(in.from.group, in.from.peer);
            if (e == null || e.link != in.from.link) {
                continue; // from a link that has since been replaced or forgotten
            }
            for (byte[] record : in.records) {
                events.record(in.from.group, in.from.peer, record);
            }
        }
        if (!pausedForInbound.isEmpty() && inboundBytes.get() <= inboundLimitBytes / 2) {
            for (Map.Entry<AppLink, LinkListener> p : new ArrayList<>(pausedForInbound.entrySet())) {
                pausedForInbound.remove(p.getKey());
                applyReading(p.getValue().group, p.getValue().peer, p.getKey());
            }
        }
    }

    // ------------------------------------------------------------------ periodic work and closing

    /** Tries again to link children whose last try failed, once their back-off has passed. */
    void retry(String group, Set<String> children) {
        long now = clock.nowMillis();
        for (String c : children) {
            Edge e = edge(group, c);
            if (e == null || (e.state != LinkState.UP && e.state != LinkState.ATTACHING && now >= e.retryAt)) {
                linkChild(group, c);
            }
        }
    }

    /** Octets still queued on all links; and Pushes in flight. */
    long pending() {
        long n = 0;
        for (Map<String, Edge> g : edges.values()) {
            for (Edge e : g.values()) {
                n += e.pendingBytes() + e.inFlight;
            }
        }
        return n;
    }

    int openLinks() {
        return openLinks.get();
    }

    /** Closes every link (what is queued is written first) and stops serving AppAttach. */
    void close() {
        closed = true;
        for (Map<String, Edge> g : edges.values()) {
            for (Edge e : g.values()) {
                if (e.link != null) {
                    close(e, "the ALM Interface is closing");
                }
            }
        }
        edges.clear();
        if (serving != null) {
            try {
                serving.close();
            } catch (Exception e) {
                // the overlay is going away as well
            }
        }
    }
}
