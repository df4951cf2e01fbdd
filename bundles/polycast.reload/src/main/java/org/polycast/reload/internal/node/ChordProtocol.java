package org.polycast.reload.internal.node;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.polycast.reload.internal.chord.ChordTopology;
import org.polycast.reload.internal.config.ConfigDocument;
import org.polycast.reload.internal.config.OverlayConfig;
import org.polycast.reload.internal.message.AttachReqAns;
import org.polycast.reload.internal.message.ChordUpdate;
import org.polycast.reload.internal.message.ConfigUpdateReq;
import org.polycast.reload.internal.message.IceCandidate;
import org.polycast.reload.internal.message.IpAddressPort;
import org.polycast.reload.internal.message.JoinReq;
import org.polycast.reload.internal.message.LeaveReq;
import org.polycast.reload.internal.message.Ping;
import org.polycast.reload.internal.message.Probe;
import org.polycast.reload.internal.message.RouteQueryReq;
import org.polycast.reload.internal.wire.Destination;
import org.polycast.reload.internal.wire.ErrorCode;
import org.polycast.reload.internal.wire.MessageCode;
import org.polycast.reload.internal.wire.NodeId;
import org.polycast.reload.internal.wire.ReloadFormatException;

/**
 * The CHORD-RELOAD topology plugin (RFC 6940 §10) on top of the message layer: the join sequence,
 * Updates (reactive and periodic), Attach without ICE, Leave, RouteQuery, Ping, Probe, finger
 * maintenance, failure handling, and ConfigUpdate.
 */
public final class ChordProtocol {
    /** Where this peer stands. */
    public enum State {
        STARTING, BOOTSTRAPPING, ATTACHING, JOINING, JOINED, LEFT
    }

    private final OverlayNode node;
    private final ChordOptions options;
    private final ChordTopology topology;
    /** Peers known to be ring members: they sent an Update, answered an Attach as responsible peer, or joined through us. */
    private final Set<NodeId> confirmed = new HashSet<>();
    /** Attaches in flight, by the peer expected to connect. */
    private final Map<NodeId, Long> attaching = new HashMap<>();
    /** Peers that asked for an Update once their link is up. */
    private final Set<NodeId> updateOnLink = new HashSet<>();
    private State state = State.STARTING;
    private List<InetSocketAddress> bootstrap = List.of();
    private int bootstrapIndex;
    private NodeId bootstrapPeer;
    private NodeId admittingPeer;
    private boolean updatePending;
    private boolean replicationPending;
    private Runnable periodic = () -> {
    };
    private Runnable joinWatchdog = () -> {
    };
    private long joinedAt = -1;
    private String lastProblem = "";

    ChordProtocol(OverlayNode node, ChordOptions options) {
        this.node = node;
        this.options = options;
        this.topology = new ChordTopology(node.self(), options.neighborsEachSide(), options.fingers());
    }

    public State state() {
        return state;
    }

    public ChordTopology topology() {
        return topology;
    }

    public NodeId admittingPeer() {
        return admittingPeer;
    }

    /** Peers an Attach is waiting for. */
    public java.util.Set<NodeId> pendingAttaches() {
        return java.util.Set.copyOf(attaching.keySet());
    }

    /** The last failure seen while joining, for status output. */
    public String lastProblem() {
        return lastProblem;
    }

    public long joinedAtMillis() {
        return joinedAt;
    }

    /** Whether this peer relays messages for others: only once it has joined. */
    boolean routesForOthers() {
        return state == State.JOINED;
    }

    boolean responsibleFor(NodeId k) {
        return state == State.JOINED && topology.responsible(k);
    }

    /** Chord's next hop; before this peer has joined, everything goes through the admitting or bootstrap peer. */
    NodeId nextHop(NodeId target) {
        if (state != State.JOINED) {
            if (admittingPeer != null && node.links().containsKey(admittingPeer)) {
                return admittingPeer;
            }
            return bootstrapPeer;
        }
        return topology.nextHop(target);
    }

    // ------------------------------------------------------------------ joining

    void start(List<InetSocketAddress> bootstrapAddresses) {
        bootstrap = List.copyOf(bootstrapAddresses);
        if (bootstrap.isEmpty()) {
            joined();
            return;
        }
        state = State.BOOTSTRAPPING;
        contactBootstrap();
    }

    private void contactBootstrap() {
        InetSocketAddress address = bootstrap.get(bootstrapIndex++ % bootstrap.size());
        node.linkLayer().connect(address, null);
        joinWatchdog.run();
        // Joining is retried from the next bootstrap peer if it has not completed in this time.
        joinWatchdog = node.scheduler().schedule(this::joinTimedOut, 6L * node.config().reliabilityTimerMillis());
    }

    private void joinTimedOut() {
        if (state == State.JOINED || state == State.LEFT) {
            return;
        }
        if (state == State.ATTACHING && admittingPeer != null && node.links().containsKey(admittingPeer)) {
            sendJoin();
            return;
        }
        lastProblem = "join did not complete in state " + state + " (" + lastProblem + "); trying again";
        node.counters().add("join-retries");
        state = State.BOOTSTRAPPING;
        admittingPeer = null;
        bootstrapPeer = null;
        contactBootstrap();
    }

    void connectFailed(InetSocketAddress address, NodeId expected, String reason) {
        if (expected == null && state == State.BOOTSTRAPPING) {
            lastProblem = "bootstrap " + address + ": " + reason;
        }
        if (expected != null && attaching.remove(expected) != null) {
            maybeJoin();
        }
    }

    void linkUp(Link link) {
        NodeId peer = link.peer();
        attaching.remove(peer);
        if (state == State.BOOTSTRAPPING && bootstrapPeer == null && !peer.equals(node.self())) {
            bootstrapPeer = peer;
            state = State.ATTACHING;
            // Attach to our own position + 1: the peer responsible for it admits us (§10.5 step 2).
            attach(List.of(new Destination.Resource(node.self().plusOne().toBytes())), true, answerer -> {
                admittingPeer = answerer;
                confirmed.add(answerer);
                if (node.links().containsKey(answerer)) {
                    topology.add(answerer);
                }
                maybeJoin();
            });
        }
        if (confirmed.contains(peer)) {
            addMember(peer);
        }
        if (updateOnLink.remove(peer)) {
            sendUpdate(peer, ChordUpdate.FULL);
        }
        maybeJoin();
    }

    private void maybeJoin() {
        if (state == State.ATTACHING && admittingPeer != null && node.links().containsKey(admittingPeer) && topology.contains(admittingPeer)
                && attaching.isEmpty()) {
            sendJoin();
        }
    }

    private void sendJoin() {
        state = State.JOINING;
        NodeId ap = admittingPeer;
        node.request(List.of(new Destination.Node(ap)), MessageCode.JOIN, new JoinReq(node.self(), new byte[0]).encode()).whenComplete((in, e) -> {
            if (e != null) {
                lastProblem = "join through " + ap.shortHex() + ": " + e.getMessage();
                state = State.ATTACHING;
                // Try again (the admitting peer may still be joining itself), or start over through a bootstrap peer.
                joinWatchdog.run();
                joinWatchdog = node.scheduler().schedule(this::joinTimedOut, node.config().reliabilityTimerMillis());
                return;
            }
            joined();
            // §10.5 step 9: the new peer updates all its neighbours.
            for (NodeId n : topology.neighborSet()) {
                sendUpdate(n, ChordUpdate.FULL);
            }
        });
    }

    private void joined() {
        state = State.JOINED;
        joinedAt = node.scheduler().nowMillis();
        joinWatchdog.run();
        lastProblem = "";
        node.counters().add("joined");
        schedulePeriodic();
        refreshFingers();
        node.storage().joined();
    }

    private void schedulePeriodic() {
        periodic.run();
        long interval = node.config().chordUpdateIntervalSeconds() * 1000;
        periodic = node.scheduler().schedule(() -> {
            if (state != State.JOINED) {
                return;
            }
            for (NodeId n : topology.neighborSet()) {
                sendUpdate(n, ChordUpdate.FULL);
                pingNeighbor(n);
            }
            refreshFingers();
            node.storage().maintain();
            schedulePeriodic();
        }, interval);
    }

    /** A neighbour that does not answer pings within the retransmission budget loses its link (§10.6). */
    private void pingNeighbor(NodeId n) {
        node.request(List.of(new Destination.Node(n)), MessageCode.PING, Ping.request(new byte[0])).whenComplete((in, e) -> {
            if (e instanceof RequestFailedException f && f.errorCode() == ErrorCode.REQUEST_TIMEOUT) {
                Link l = node.links().get(n);
                if (l != null) {
                    node.counters().add("neighbor-ping-failures");
                    l.close();
                }
            }
        });
    }

    private void refreshFingers() {
        for (int i = 1; i <= topology.fingerCount(); i++) {
            NodeId target = topology.fingerTarget(i);
            if (topology.responsible(target)) {
                topology.setFinger(i, null);
                continue;
            }
            int index = i;
            attach(List.of(new Destination.Resource(target.toBytes())), false, answerer -> {
                if (!answerer.equals(node.self())) {
                    topology.setFinger(index, answerer);
                    confirmed.add(answerer);
                    if (node.links().containsKey(answerer)) {
                        addMember(answerer);
                    }
                }
            });
        }
    }

    // ------------------------------------------------------------------ membership changes

    private void addMember(NodeId peer) {
        if (topology.add(peer)) {
            neighborsChanged();
        }
    }

    void linkDown(NodeId peer, String reason) {
        confirmed.remove(peer);
        attaching.remove(peer);
        if (topology.remove(peer)) {
            neighborsChanged();
        }
        if (state != State.JOINED && state != State.LEFT && (peer.equals(bootstrapPeer) || peer.equals(admittingPeer))) {
            lastProblem = "lost the link to " + peer.shortHex() + " while joining: " + reason;
        }
    }

    private void neighborsChanged() {
        if (state != State.JOINED) {
            return;
        }
        node.counters().add("neighbor-changes");
        if (node.config().chordReactive() && !updatePending) {
            // Coalesce the changes of one burst into one round of Updates.
            updatePending = true;
            node.scheduler().schedule(() -> {
                updatePending = false;
                for (NodeId n : topology.neighborSet()) {
                    sendUpdate(n, ChordUpdate.NEIGHBORS);
                }
            }, 10);
        }
        if (!replicationPending) {
            replicationPending = true;
            node.scheduler().schedule(() -> {
                replicationPending = false;
                node.storage().replicate();
            }, options.replicationHoldoffMillis());
        }
    }

    private void sendUpdate(NodeId to, int type) {
        if (!node.links().containsKey(to)) {
            return;
        }
        ChordUpdate u = new ChordUpdate(node.uptimeSeconds(), type, topology.predecessors(), topology.successors(),
                type == ChordUpdate.FULL ? sortedFingers() : List.of());
        node.counters().add("updates-sent");
        node.request(List.of(new Destination.Node(to)), MessageCode.UPDATE, u.encode());
    }

    private List<NodeId> sortedFingers() {
        List<NodeId> out = new ArrayList<>(new java.util.TreeSet<>(topology.fingers().stream().filter(java.util.Objects::nonNull).toList()));
        return out;
    }

    /** Sends an Attach (as the passive side: the answerer connects to us) and reports who answered. */
    private void attach(List<Destination> to, boolean sendUpdate, java.util.function.Consumer<NodeId> answered) {
        AttachReqAns req = new AttachReqAns(new byte[0], new byte[0], AttachReqAns.passive(), candidates(), sendUpdate);
        NodeId expected = to.get(to.size() - 1) instanceof Destination.Node n ? n.id() : null;
        if (expected != null) {
            attaching.put(expected, node.scheduler().nowMillis());
        }
        node.request(to, MessageCode.ATTACH, req.encode()).whenComplete((in, e) -> {
            if (e != null) {
                node.counters().add("attach-failures");
                if (state != State.JOINED) {
                    lastProblem = "attach to " + to.get(to.size() - 1) + ": " + e.getMessage();
                }
                if (expected != null && attaching.remove(expected) != null) {
                    maybeJoin();
                }
                return;
            }
            answered.accept(in.signer().nodeId());
        });
    }

    private List<IceCandidate> candidates() {
        return node.linkLayer().candidates().stream().map(IceCandidate::host).toList();
    }

    // ------------------------------------------------------------------ leaving

    void leave() {
        if (state == State.JOINED) {
            List<NodeId> preds = topology.predecessors();
            List<NodeId> succs = topology.successors();
            for (NodeId s : succs) {
                node.request(List.of(new Destination.Node(s)), MessageCode.LEAVE, new LeaveReq(node.self(), LeaveReq.FROM_PRED, preds).encode());
            }
            for (NodeId p : preds) {
                if (!succs.contains(p)) {
                    node.request(List.of(new Destination.Node(p)), MessageCode.LEAVE, new LeaveReq(node.self(), LeaveReq.FROM_SUCC, succs).encode());
                }
            }
        }
        state = State.LEFT;
        periodic.run();
        joinWatchdog.run();
    }

    // ------------------------------------------------------------------ requests

    void handle(Incoming in) {
        try {
            switch (in.code()) {
                case MessageCode.PING -> {
                    Ping.checkRequest(in.body());
                    node.respond(in, MessageCode.answerTo(MessageCode.PING), new Ping.Answer(node.randomLong(), node.scheduler().nowMillis()).encode());
                }
                case MessageCode.ATTACH -> handleAttach(in);
                case MessageCode.UPDATE -> handleUpdate(in);
                case MessageCode.JOIN -> handleJoin(in);
                case MessageCode.LEAVE -> handleLeave(in);
                case MessageCode.ROUTE_QUERY -> handleRouteQuery(in);
                case MessageCode.PROBE -> handleProbe(in);
                case MessageCode.CONFIG_UPDATE -> handleConfigUpdate(in);
                default -> node.error(in, ErrorCode.INVALID_MESSAGE, "not a topology request");
            }
        } catch (ReloadFormatException e) {
            node.counters().add("malformed-bodies");
            node.error(in, ErrorCode.INVALID_MESSAGE, e.getMessage());
        }
    }

    private void handleAttach(Incoming in) throws ReloadFormatException {
        AttachReqAns req = AttachReqAns.decode(in.body());
        NodeId requester = in.signer().nodeId();
        if (requester.equals(node.self())) {
            node.error(in, ErrorCode.INVALID_MESSAGE, "attach to oneself");
            return;
        }
        // Simultaneous Attaches (§6.5.1.8): the peer with the larger Node-ID keeps its own, the other yields.
        if (attaching.containsKey(requester) && node.self().compareTo(requester) > 0 && !node.links().containsKey(requester)) {
            node.error(in, ErrorCode.IN_PROGRESS, "an Attach to " + requester.shortHex() + " is in progress");
            return;
        }
        node.respond(in, MessageCode.answerTo(MessageCode.ATTACH),
                new AttachReqAns(new byte[0], new byte[0], AttachReqAns.active(), candidates(), false).encode());
        if (node.links().containsKey(requester)) {
            if (req.sendUpdate()) {
                sendUpdate(requester, ChordUpdate.FULL);
            }
            return;
        }
        IpAddressPort target = null;
        for (IceCandidate c : req.candidates()) {
            if (c.overlayLink() == IceCandidate.LINK_TLS_TCP_FH_NO_ICE && c.type() == IceCandidate.HOST) {
                target = c.address();
                break;
            }
        }
        if (target == null) {
            node.counters().add("attach-without-usable-candidate");
            return;
        }
        if (req.sendUpdate()) {
            updateOnLink.add(requester);
        }
        node.linkLayer().connect(target.address(), requester);
    }

    private void handleUpdate(Incoming in) throws ReloadFormatException {
        ChordUpdate u = ChordUpdate.decode(in.body());
        NodeId sender = in.signer().nodeId();
        node.respond(in, MessageCode.answerTo(MessageCode.UPDATE), new byte[0]);
        if (state == State.LEFT) {
            return;
        }
        confirmed.add(sender);
        if (node.links().containsKey(sender)) {
            addMember(sender);
        } else {
            considerCandidate(sender, null);
        }
        List<NodeId> candidates = new ArrayList<>(u.predecessors());
        candidates.addAll(u.successors());
        candidates.addAll(u.fingers());
        for (NodeId c : candidates) {
            considerCandidate(c, node.links().containsKey(sender) ? sender : null);
        }
        if (state == State.ATTACHING) {
            maybeJoin();
        }
    }

    /** Attaches to a peer that would be a neighbour; source-routed through the peer that named it (§10.6). */
    private void considerCandidate(NodeId candidate, NodeId via) {
        Long since = attaching.get(candidate);
        if (since != null && node.scheduler().nowMillis() - since > 4L * node.config().reliabilityTimerMillis()) {
            // The Attach was answered but no link came (the answerer's connection failed): forget it and try again.
            attaching.remove(candidate);
            node.counters().add("attaches-expired");
            since = null;
        }
        if (candidate.equals(node.self()) || since != null || !topology.wouldBeNeighbor(candidate)) {
            return;
        }
        if (node.links().containsKey(candidate)) {
            // Linked already (it bootstrapped through us, say) but not known as a member: a member's Update vouches for it.
            confirmed.add(candidate);
            addMember(candidate);
            return;
        }
        List<Destination> route = via == null ? List.of(new Destination.Node(candidate))
                : List.of(new Destination.Node(via), new Destination.Node(candidate));
        attach(route, true, answerer -> confirmed.add(answerer));
    }

    private void handleJoin(Incoming in) throws ReloadFormatException {
        JoinReq req = JoinReq.decode(in.body());
        if (!in.direct() || !req.joiningPeer().equals(in.signer().nodeId())) {
            node.counters().add("join-refused");
            node.error(in, ErrorCode.FORBIDDEN, "a Join must come over a direct link from the joining peer itself");
            return;
        }
        if (state != State.JOINED) {
            node.error(in, ErrorCode.FORBIDDEN, "this peer has not joined the overlay yet");
            return;
        }
        NodeId joining = req.joiningPeer();
        List<NodeId> predsBefore = topology.predecessors();
        NodeId oldPredecessor = predsBefore.isEmpty() ? node.self() : predsBefore.get(0);
        node.respond(in, MessageCode.answerTo(MessageCode.JOIN), JoinReq.emptyOverlayData());
        node.counters().add("peers-admitted");
        confirmed.add(joining);
        // §10.5 step 6: the data of the range the new peer takes over goes to it before it is announced.
        node.storage().handOver(joining, oldPredecessor);
        addMember(joining);
    }

    private void handleLeave(Incoming in) throws ReloadFormatException {
        LeaveReq req = LeaveReq.decode(in.body());
        NodeId leaving = in.signer().nodeId();
        if (!req.leavingPeer().equals(leaving) || in.from() == null || !in.from().peer().equals(leaving)) {
            node.error(in, ErrorCode.FORBIDDEN, "a Leave must come over a direct link from the leaving peer itself");
            return;
        }
        node.respond(in, MessageCode.answerTo(MessageCode.LEAVE), new byte[0]);
        confirmed.remove(leaving);
        node.counters().add("peers-left");
        if (topology.remove(leaving)) {
            neighborsChanged();
        }
        for (NodeId c : req.neighbors()) {
            considerCandidate(c, null);
        }
    }

    private void handleRouteQuery(Incoming in) throws ReloadFormatException {
        RouteQueryReq q = RouteQueryReq.decode(in.body());
        NodeId target = q.destination() instanceof Destination.Node n ? n.id()
                : q.destination() instanceof Destination.Resource r ? r.position() : null;
        if (target == null) {
            node.error(in, ErrorCode.INVALID_MESSAGE, "route query for an opaque destination");
            return;
        }
        NodeId next = node.links().containsKey(target) || responsibleFor(target) ? (responsibleFor(target) ? node.self() : target)
                : topology.nextHop(target);
        node.respond(in, MessageCode.answerTo(MessageCode.ROUTE_QUERY), RouteQueryReq.encodeAnswer(next == null ? node.self() : next));
        if (q.sendUpdate()) {
            sendUpdate(in.signer().nodeId(), ChordUpdate.FULL);
        }
    }

    private void handleProbe(Incoming in) throws ReloadFormatException {
        List<Probe.Information> info = new ArrayList<>();
        for (int type : Probe.decodeRequest(in.body())) {
            switch (type) {
                case Probe.RESPONSIBLE_SET -> info.add(new Probe.Information(type, responsiblePartsPerBillion()));
                case Probe.NUM_RESOURCES -> info.add(new Probe.Information(type, node.storage().resourceCount()));
                case Probe.UPTIME -> info.add(new Probe.Information(type, node.uptimeSeconds()));
                default -> {
                    node.error(in, ErrorCode.INVALID_MESSAGE, "probe information type " + type + " unknown");
                    return;
                }
            }
        }
        node.respond(in, MessageCode.answerTo(MessageCode.PROBE), Probe.answer(info));
    }

    /** The share of the ring this peer is responsible for, in parts per billion (§6.4.2.5.1). */
    public long responsiblePartsPerBillion() {
        List<NodeId> preds = topology.predecessors();
        if (preds.isEmpty()) {
            return 1_000_000_000L;
        }
        java.math.BigInteger span = node.self().minus(preds.get(0)).toBigInteger();
        return span.multiply(java.math.BigInteger.valueOf(1_000_000_000L)).shiftRight(128).longValue();
    }

    private void handleConfigUpdate(Incoming in) throws ReloadFormatException {
        ConfigUpdateReq req = ConfigUpdateReq.decode(in.body());
        OverlayConfig current = node.config();
        String user = in.signer().userName();
        if (user == null || !current.configurationSigners().contains(user)) {
            node.counters().add("config-updates-refused");
            node.error(in, ErrorCode.FORBIDDEN, "ConfigUpdate signed by " + user + ", who is not a configuration-signer of this overlay");
            return;
        }
        if (req.type() != ConfigUpdateReq.CONFIG) {
            node.error(in, ErrorCode.INVALID_MESSAGE, "kind-only ConfigUpdates are not supported; send the whole configuration");
            return;
        }
        OverlayConfig newer;
        try {
            newer = ConfigDocument.parse(req.data());
            newer.requireSupported();
        } catch (IllegalArgumentException e) {
            node.error(in, ErrorCode.INVALID_MESSAGE, "configuration refused: " + e.getMessage());
            return;
        }
        if (!newer.instanceName().equals(current.instanceName()) || newer.sequence() <= current.sequence()) {
            node.error(in, ErrorCode.CONFIG_TOO_OLD, "configuration " + newer.instanceName() + "#" + newer.sequence() + " is not newer than "
                    + current.instanceName() + "#" + current.sequence());
            return;
        }
        node.respond(in, MessageCode.answerTo(MessageCode.CONFIG_UPDATE), new byte[0]);
        node.replaceConfig(newer.withRoots(newer.rootCertificates().isEmpty() ? current.rootCertificates() : newer.rootCertificates(),
                newer.selfSignedPermitted()));
        node.counters().add("config-updates-accepted");
    }
}
