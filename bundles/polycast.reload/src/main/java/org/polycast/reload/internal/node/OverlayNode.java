package org.polycast.reload.internal.node;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.polycast.reload.internal.config.OverlayConfig;
import org.polycast.reload.internal.message.ErrorResponse;
import org.polycast.reload.internal.security.Identity;
import org.polycast.reload.internal.security.SignatureCheckException;
import org.polycast.reload.internal.security.Signer;
import org.polycast.reload.internal.security.Verifier;
import org.polycast.reload.internal.wire.Destination;
import org.polycast.reload.internal.wire.ErrorCode;
import org.polycast.reload.internal.wire.ForwardingOption;
import org.polycast.reload.internal.wire.GenericCertificate;
import org.polycast.reload.internal.wire.MessageCode;
import org.polycast.reload.internal.wire.MessageContents;
import org.polycast.reload.internal.wire.NodeId;
import org.polycast.reload.internal.wire.ReloadFormatException;
import org.polycast.reload.internal.wire.ReloadMessage;
import org.polycast.reload.internal.wire.SecurityBlock;
import org.polycast.reload.internal.wire.Signature;

/**
 * The message layer of one RELOAD peer (RFC 6940 §6): symmetric recursive routing with Via Lists and
 * TTL, signatures made on sending and checked at the destination, end-to-end retransmission of this
 * node's requests, and answers repeated for duplicate requests. What a delivered request means is the
 * business of the {@link ChordProtocol} and the {@link StorageProtocol}.
 * <p>
 * Every method runs on the scheduler's thread; {@link #execute} brings other threads there.
 */
public final class OverlayNode implements LinkLayer.LinkEvents {
    /** How long an answer is kept to repeat for a retransmitted request (the maximum request lifetime, §6.2.1). */
    static final long DUPLICATE_WINDOW_MILLIS = 15_000;
    /** Sends per request, the first included (§6.2.1). */
    static final int MAX_SENDS = 5;

    /** A request in flight; {@code alternate}, when not null, is the route the first send and every second one take instead. */
    private record Pending(long transactionId, List<Destination> destinations, List<Destination> alternate, MessageContents contents,
            List<GenericCertificate> certificates, NodeId expectedSigner, CompletableFuture<Incoming> answer, int[] sends, Runnable[] timer) {
    }

    /** The reverse of the path a peer's last request took to reach us, and when it arrived. */
    private record RouteBack(List<Destination> route, long at) {
    }

    /** How long a route back stays worth trying: a few heartbeat periods of the usages that send to a node often. */
    private static final long ROUTE_BACK_MILLIS = 10_000;

    private record Answered(long at, int code, MessageContents contents) {
    }

    private final OverlayConfig[] config;
    private final Signer signer;
    private final Verifier verifier;
    private final Scheduler scheduler;
    private final NodeId self;
    private final SecureRandom random = new SecureRandom();
    private final NodeCounters counters = new NodeCounters();
    private final Map<NodeId, Link> links = new HashMap<>();
    /** Every open link; two peers that attach to each other at once have two, and losing one must not lose the peer. */
    private final java.util.Set<Link> openLinks = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private final Map<Long, Pending> pending = new HashMap<>();
    private final LinkedHashMap<Long, Answered> answered = new LinkedHashMap<>();
    private final Map<NodeId, RouteBack> routesBack = java.util.Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<NodeId, RouteBack> eldest) {
            return size() > 1024;
        }
    });
    private final Map<String, GenericCertificate> certificates = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, GenericCertificate> eldest) {
            return size() > 4096;
        }
    };
    private final ChordProtocol chord;
    private final StorageProtocol storage;
    private final Map<Integer, Consumer<Incoming>> extraHandlers = new HashMap<>();
    private LinkLayer linkLayer;
    private final long startedAt;

    public OverlayNode(OverlayConfig config, Signer signer, Verifier verifier, Scheduler scheduler, ChordOptions options) {
        config.requireSupported();
        this.config = new OverlayConfig[] {config};
        this.signer = new CountedSigner(signer, counters);
        this.verifier = new CountedVerifier(verifier, counters);
        this.scheduler = scheduler;
        this.self = signer.identity().nodeId();
        this.startedAt = scheduler.nowMillis();
        this.chord = new ChordProtocol(this, options);
        this.storage = new StorageProtocol(this);
        for (GenericCertificate c : signer.certificates()) {
            remember(c);
        }
    }

    /** Starts the peer: forms a new overlay when {@code bootstrap} is empty, otherwise joins through the first bootstrap peer that answers. */
    public void start(LinkLayer layer, List<InetSocketAddress> bootstrap) {
        this.linkLayer = layer;
        scheduler.execute(() -> chord.start(bootstrap));
    }

    /** Leaves the overlay gracefully (Leave to every neighbour, §10.6) and stops timers; links stay for the caller to close. */
    public void leave() {
        chord.leave();
        pending.values().forEach(p -> p.answer.completeExceptionally(new RequestFailedException(0, "the node left the overlay")));
        pending.clear();
    }

    public void execute(Runnable task) {
        scheduler.execute(task);
    }

    // ------------------------------------------------------------------ accessors for the protocols

    public NodeId self() {
        return self;
    }

    public OverlayConfig config() {
        return config[0];
    }

    void replaceConfig(OverlayConfig newer) {
        config[0] = newer;
    }

    public Signer signer() {
        return signer;
    }

    Verifier verifier() {
        return verifier;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public NodeCounters counters() {
        return counters;
    }

    public ChordProtocol chord() {
        return chord;
    }

    public StorageProtocol storage() {
        return storage;
    }

    LinkLayer linkLayer() {
        return linkLayer;
    }

    Map<NodeId, Link> links() {
        return links;
    }

    long uptimeSeconds() {
        return (scheduler.nowMillis() - startedAt) / 1000;
    }

    /** Registers the handler of a request code the base protocol leaves to applications (exp_a, app_attach). */
    public void handle(int requestCode, Consumer<Incoming> handler) {
        scheduler.execute(() -> {
            if (handler == null) {
                extraHandlers.remove(requestCode);
            } else {
                extraHandlers.put(requestCode, handler);
            }
        });
    }

    void remember(GenericCertificate c) {
        certificates.put(java.util.HexFormat.of().formatHex(org.polycast.reload.internal.security.ReloadCertificates.sha256(c.der())), c);
    }

    GenericCertificate certificate(byte[] hash) {
        return certificates.get(java.util.HexFormat.of().formatHex(hash));
    }

    // ------------------------------------------------------------------ link events

    @Override
    public void linkUp(Link link) {
        openLinks.add(link);
        Link previous = links.put(link.peer(), link);
        counters.add("links-up");
        if (previous != null && previous != link) {
            counters.add("links-replaced");
        }
        chord.linkUp(link);
    }

    @Override
    public void linkDown(Link link, String reason) {
        openLinks.remove(link);
        if (links.get(link.peer()) == link) {
            Link other = openLinks.stream().filter(l -> l.peer().equals(link.peer())).findFirst().orElse(null);
            if (other != null) {
                links.put(link.peer(), other); // the peer is still reachable over its other link
                return;
            }
            links.remove(link.peer());
            counters.add("links-down");
            chord.linkDown(link.peer(), reason);
        }
    }

    @Override
    public void connectFailed(InetSocketAddress address, NodeId expected, String reason) {
        counters.add("connect-failed");
        chord.connectFailed(address, expected, reason);
    }

    @Override
    public void received(Link link, byte[] bytes) {
        ReloadMessage m;
        try {
            m = ReloadMessage.decode(bytes);
        } catch (ReloadFormatException e) {
            counters.add("malformed");
            return;
        }
        OverlayConfig c = config();
        if (m.overlay() != c.overlayHash()) {
            counters.add("wrong-overlay");
            return;
        }
        if (m.ttl() > c.initialTtl()) {
            counters.add("ttl-above-initial");
            return;
        }
        boolean request = MessageCode.isRequest(m.code());
        if (m.configurationSequence() != c.sequence() && !(m.code() == MessageCode.CONFIG_UPDATE && m.configurationSequence() == 0xffff)) {
            counters.add("config-sequence-mismatch");
            if (request && m.configurationSequence() < c.sequence()) {
                errorTo(m, routeBack(m, link), ErrorCode.CONFIG_TOO_OLD, "this peer runs configuration sequence " + c.sequence());
                return;
            }
            if (request) {
                errorTo(m, routeBack(m, link), ErrorCode.CONFIG_TOO_NEW, "this peer runs configuration sequence " + c.sequence());
                return;
            }
        }
        route(m, link);
    }

    /** The Via List with the previous hop appended: reversed, it is the route back (§6.2.2). */
    private static List<Destination> routeBack(ReloadMessage m, Link from) {
        List<Destination> via = new ArrayList<>(m.via());
        if (from != null) {
            via.add(new Destination.Node(from.peer()));
        }
        return via;
    }

    private void route(ReloadMessage m, Link from) {
        List<Destination> dests = new ArrayList<>(m.destinations());
        while (true) {
            if (dests.isEmpty()) {
                deliver(m, from);
                return;
            }
            Destination first = dests.get(0);
            if (first instanceof Destination.Node n) {
                if (n.id().equals(self)) {
                    dests.remove(0);
                    continue;
                }
                if (n.id().equals(NodeId.WILDCARD)) {
                    deliver(m, from);
                    return;
                }
                if (!links.containsKey(n.id()) && chord.responsibleFor(n.id())) {
                    // It would be our direct neighbour if it existed (§6.1.1: a node we are responsible for but not linked to).
                    counters.add("no-such-peer");
                    if (MessageCode.isRequest(m.code())) {
                        errorTo(m, routeBack(m, from), ErrorCode.NOT_FOUND, "no peer " + n.id().shortHex() + " in this overlay");
                    }
                    return;
                }
            } else if (first instanceof Destination.Resource r) {
                if (chord.responsibleFor(r.position())) {
                    deliver(m, from);
                    return;
                }
            } else {
                counters.add("unsupported-destination");
                if (MessageCode.isRequest(m.code())) {
                    errorTo(m, routeBack(m, from), ErrorCode.INVALID_MESSAGE, "compressed and opaque destinations are not used in this overlay");
                }
                return;
            }
            forward(m, dests, from);
            return;
        }
    }

    private void forward(ReloadMessage m, List<Destination> dests, Link from) {
        for (ForwardingOption o : m.options()) {
            if (o.forwardCritical()) {
                counters.add("unsupported-option");
                if (MessageCode.isRequest(m.code())) {
                    errorTo(m, routeBack(m, from), ErrorCode.UNSUPPORTED_FORWARDING_OPTION, "forwarding option " + o.type() + " is not supported");
                }
                return;
            }
        }
        if (m.ttl() == 0) {
            counters.add("ttl-exceeded");
            if (MessageCode.isRequest(m.code())) {
                errorTo(m, routeBack(m, from), ErrorCode.TTL_EXCEEDED, "TTL reached 0 at " + self.shortHex());
            }
            return;
        }
        if (from != null && !chord.routesForOthers() && !(dests.get(0) instanceof Destination.Node n && links.containsKey(n.id()))) {
            // A peer that has not joined routes only its own messages (through its bootstrap peer); relaying others'
            // through it could send them round in a circle of joining peers.
            counters.add("not-joined-refused");
            if (MessageCode.isRequest(m.code())) {
                errorTo(m, routeBack(m, from), ErrorCode.NOT_FOUND, self.shortHex() + " has not joined the overlay yet");
            }
            return;
        }
        Link next = nextHop(dests.get(0));
        if (next == null) {
            counters.add("no-route");
            if (MessageCode.isRequest(m.code())) {
                errorTo(m, routeBack(m, from), ErrorCode.NOT_FOUND, "no route from " + self.shortHex() + " to " + dests.get(0));
            }
            return;
        }
        List<Destination> via = from == null ? m.via() : routeBack(m, from);
        next.send(m.withTtl(m.ttl() - 1).withRoute(via, dests).encode());
        counters.add("forwarded");
    }

    /** The link toward a destination: a direct link to the node if there is one, else Chord's next hop; null if none. */
    Link nextHop(Destination d) {
        NodeId target = d instanceof Destination.Node n ? n.id() : d instanceof Destination.Resource r ? r.position() : null;
        if (target == null) {
            return null;
        }
        if (d instanceof Destination.Node) {
            Link direct = links.get(target);
            if (direct != null) {
                return direct;
            }
        }
        NodeId hop = chord.nextHop(target);
        return hop == null ? null : links.get(hop);
    }

    private void deliver(ReloadMessage m, Link from) {
        Identity signer;
        try {
            signer = verify(m);
        } catch (SignatureCheckException e) {
            counters.add("bad-signature");
            return;
        }
        m.security().certificates().forEach(this::remember);
        Incoming in = new Incoming(m, from, signer, routeBack(m, from));
        if (from != null && MessageCode.isRequest(m.code()) && !m.via().isEmpty()) {
            routesBack.put(signer.nodeId(), new RouteBack(reverse(in.routeBack()), scheduler.nowMillis()));
        }
        if (!MessageCode.isRequest(m.code())) {
            answer(in);
            return;
        }
        counters.add("delivered-" + MessageCode.name(m.code()));
        Answered previous = answered.get(m.transactionId());
        if (previous != null && previous.code == m.code()) {
            counters.add("duplicate-requests");
            if (previous.contents != null) {
                route(sign(reverse(in.routeBack()), previous.contents, m.transactionId(), List.of()), null);
            }
            return;
        }
        expireAnswered();
        answered.put(m.transactionId(), new Answered(scheduler.nowMillis(), m.code(), null));
        for (org.polycast.reload.internal.wire.MessageExtension x : m.contents().extensions()) {
            if (x.critical()) {
                error(in, ErrorCode.UNKNOWN_EXTENSION, "extension " + x.type() + " is not understood");
                return;
            }
        }
        dispatch(in);
    }

    private Identity verify(ReloadMessage m) throws SignatureCheckException {
        Signature s = m.security().signature();
        if (s.anonymous()) {
            throw new SignatureCheckException("unsigned message");
        }
        List<GenericCertificate> bucket = new ArrayList<>(m.security().certificates());
        GenericCertificate known = certificate(s.identity().hash());
        if (known != null) {
            bucket.add(known);
        }
        return verifier.verify(s, ReloadMessage.signedInput(m.overlay(), m.transactionId(), m.contents(), s.identity()), bucket);
    }

    private void dispatch(Incoming in) {
        switch (in.code()) {
            case MessageCode.PING, MessageCode.JOIN, MessageCode.LEAVE, MessageCode.UPDATE, MessageCode.ROUTE_QUERY, MessageCode.PROBE,
                    MessageCode.ATTACH, MessageCode.CONFIG_UPDATE -> chord.handle(in);
            case MessageCode.STORE, MessageCode.FETCH, MessageCode.STAT, MessageCode.FIND -> storage.handle(in);
            default -> {
                Consumer<Incoming> h = extraHandlers.get(in.code());
                if (h != null) {
                    h.accept(in);
                } else if (in.code() == MessageCode.EXP_A || in.code() == MessageCode.EXP_B) {
                    error(in, in.code() == MessageCode.EXP_A ? ErrorCode.EXP_A : ErrorCode.EXP_B,
                            "no experimental usage is running on " + self.shortHex());
                } else if (in.code() == MessageCode.APP_ATTACH) {
                    error(in, ErrorCode.NOT_FOUND, "no application is registered for AppAttach on " + self.shortHex());
                } else {
                    error(in, ErrorCode.INVALID_MESSAGE, "message code 0x" + Integer.toHexString(in.code()) + " is not a RELOAD request");
                }
            }
        }
    }

    private void expireAnswered() {
        long horizon = scheduler.nowMillis() - DUPLICATE_WINDOW_MILLIS;
        var it = answered.values().iterator();
        while (it.hasNext() && it.next().at < horizon) {
            it.remove();
        }
    }

    private void answer(Incoming in) {
        Pending p = pending.get(in.message().transactionId());
        if (p == null) {
            counters.add("unmatched-answers");
            return;
        }
        // Errors may come from any peer on the path (TTL, no route); a real answer must come from the node asked.
        if (p.expectedSigner != null && in.code() != MessageCode.ERROR && !p.expectedSigner.equals(in.signer().nodeId())) {
            counters.add("answer-from-wrong-signer");
            return;
        }
        pending.remove(p.transactionId);
        p.timer[0].run();
        if (in.code() == MessageCode.ERROR && p.alternate != null && p.expectedSigner != null && !p.expectedSigner.equals(in.signer().nodeId())) {
            // A peer on the route back answered (it lost a link on that path since): forget that route and send along
            // the overlay's own routing at once.
            counters.add("route-back-failed");
            routesBack.remove(p.expectedSigner);
            Pending again = new Pending(p.transactionId, p.destinations, null, p.contents, p.certificates, p.expectedSigner, p.answer, p.sends, p.timer);
            pending.put(again.transactionId, again);
            transmit(again);
            return;
        }
        if (in.code() == MessageCode.ERROR) {
            String text;
            int code;
            byte[] info = null;
            try {
                ErrorResponse e = ErrorResponse.decode(in.body());
                text = e.text();
                code = e.code();
                info = e.info();
            } catch (ReloadFormatException e) {
                text = "malformed error answer: " + e.getMessage();
                code = ErrorCode.INVALID_MESSAGE;
            }
            p.answer.completeExceptionally(new RequestFailedException(code, text + " (from " + in.signer().nodeId().shortHex() + ")", info));
        } else if (in.code() != MessageCode.answerTo(p.contents.code())) {
            p.answer.completeExceptionally(new RequestFailedException(ErrorCode.INVALID_MESSAGE,
                    "answer " + MessageCode.name(in.code()) + " to " + MessageCode.name(p.contents.code())));
        } else {
            p.answer.complete(in);
        }
    }

    // ------------------------------------------------------------------ sending

    /** Sends a request and retransmits it until answered (5 sends, overlay-reliability-timer apart). */
    public CompletableFuture<Incoming> request(List<Destination> destinations, int code, byte[] body) {
        return requestWithCertificates(destinations, code, body, List.of());
    }

    /**
     * A request to one node. Where that node's own requests reached us over other peers lately, the first send and
     * every second one after it follow their path back (a destination list, §6.1.1): after peers fail, that path is known to work while this
     * node's routing table may still point at dead fingers.
     */
    public CompletableFuture<Incoming> requestNode(NodeId id, int code, byte[] body) {
        // Callers are other bundles' threads (ALM, the gateway, the DHT mapper); links is the event loop's alone, so the
        // choice of path is made there.
        CompletableFuture<Incoming> answer = new CompletableFuture<>();
        scheduler.execute(() -> {
            RouteBack back = routesBack.get(id);
            List<Destination> direct = List.of(new Destination.Node(id));
            CompletableFuture<Incoming> sent = back == null || scheduler.nowMillis() - back.at() > ROUTE_BACK_MILLIS || links.containsKey(id)
                    ? request(direct, code, body)
                    : send(direct, back.route(), code, body, List.of());
            sent.whenComplete((in, e) -> {
                if (e != null) {
                    answer.completeExceptionally(e);
                } else {
                    answer.complete(in);
                }
            });
        });
        return answer;
    }

    /** The same, with more certificates in the security block (those of stored data the body carries). */
    public CompletableFuture<Incoming> requestWithCertificates(List<Destination> destinations, int code, byte[] body,
            List<GenericCertificate> certificates) {
        return send(destinations, null, code, body, certificates);
    }

    private CompletableFuture<Incoming> send(List<Destination> destinations, List<Destination> alternate, int code, byte[] body,
            List<GenericCertificate> certificates) {
        CompletableFuture<Incoming> f = new CompletableFuture<>();
        scheduler.execute(() -> {
            long tid = random.nextLong();
            NodeId expected = destinations.get(destinations.size() - 1) instanceof Destination.Node n && !n.id().equals(NodeId.WILDCARD) ? n.id()
                    : null;
            Pending p = new Pending(tid, List.copyOf(destinations), alternate == null ? null : List.copyOf(alternate), new MessageContents(code, body), List.copyOf(certificates), expected, f, new int[1],
                    new Runnable[] {() -> {
                    }});
            pending.put(tid, p);
            transmit(p);
        });
        return f;
    }

    private void transmit(Pending p) {
        if (!pending.containsKey(p.transactionId)) {
            return;
        }
        if (p.sends[0] >= MAX_SENDS) {
            pending.remove(p.transactionId);
            counters.add("request-timeouts");
            p.answer.completeExceptionally(new RequestFailedException(ErrorCode.REQUEST_TIMEOUT, MessageCode.name(p.contents.code()) + " to "
                    + p.destinations.get(p.destinations.size() - 1) + ": no answer after " + MAX_SENDS + " sends"));
            return;
        }
        if (p.sends[0]++ > 0) {
            counters.add("retransmissions");
        }
        List<Destination> to = p.alternate != null && (p.sends[0] & 1) == 1 ? p.alternate : p.destinations;
        if (to == p.alternate) {
            counters.add("sent-on-route-back");
        }
        route(sign(to, p.contents, p.transactionId, p.certificates), null);
        p.timer[0] = scheduler.schedule(() -> transmit(p), config().reliabilityTimerMillis());
    }

    ReloadMessage sign(List<Destination> destinations, MessageContents contents, long transactionId, List<GenericCertificate> extraCertificates) {
        OverlayConfig c = config();
        Signature s = signer.sign(ReloadMessage.signedInput(c.overlayHash(), transactionId, contents, signer.signerIdentity()));
        List<GenericCertificate> bucket = new ArrayList<>(signer.certificates());
        for (GenericCertificate x : extraCertificates) {
            if (!bucket.contains(x)) {
                bucket.add(x);
            }
        }
        return new ReloadMessage(c.overlayHash(), c.sequence(), ReloadMessage.VERSION, c.initialTtl(), ReloadMessage.UNFRAGMENTED, transactionId,
                0, List.of(), destinations, List.of(), contents, new SecurityBlock(bucket, s));
    }

    /** Answers a delivered request (and remembers the answer for duplicates). */
    public void respond(Incoming in, int answerCode, byte[] body) {
        respond(in, new MessageContents(answerCode, body), List.of());
    }

    void respond(Incoming in, MessageContents contents, List<GenericCertificate> extraCertificates) {
        long tid = in.message().transactionId();
        Answered a = answered.get(tid);
        if (a != null) {
            answered.put(tid, new Answered(a.at, a.code, contents));
        }
        ReloadMessage m = sign(reverse(in.routeBack()), contents, tid, extraCertificates);
        route(m, null);
    }

    public void error(Incoming in, int errorCode, String text) {
        counters.add("errors-sent");
        respond(in, MessageCode.ERROR, ErrorResponse.of(errorCode, text).encode());
    }

    private void errorTo(ReloadMessage request, List<Destination> routeBack, int errorCode, String text) {
        counters.add("errors-sent");
        route(sign(reverse(routeBack), new MessageContents(MessageCode.ERROR, ErrorResponse.of(errorCode, text).encode()),
                request.transactionId(), List.of()), null);
    }

    static List<Destination> reverse(List<Destination> via) {
        List<Destination> out = new ArrayList<>(via);
        java.util.Collections.reverse(out);
        return out;
    }

    long randomLong() {
        return random.nextLong();
    }
}
