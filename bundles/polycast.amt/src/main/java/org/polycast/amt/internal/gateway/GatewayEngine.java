package org.polycast.amt.internal.gateway;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntSupplier;

import org.polycast.amt.internal.wire.AmtCodec;
import org.polycast.amt.internal.wire.AmtFormatException;
import org.polycast.amt.internal.wire.AmtMessage;
import org.polycast.amt.internal.wire.AmtMessage.MembershipQuery;
import org.polycast.amt.internal.wire.AmtMessage.MembershipUpdate;
import org.polycast.amt.internal.wire.AmtMessage.MulticastData;
import org.polycast.amt.internal.wire.AmtMessage.RelayAdvertisement;
import org.polycast.amt.internal.wire.AmtMessage.RelayDiscovery;
import org.polycast.amt.internal.wire.AmtMessage.Request;
import org.polycast.amt.internal.wire.AmtMessage.Teardown;
import org.polycast.amt.internal.wire.GeneralQuery;
import org.polycast.amt.internal.wire.GroupRecord;
import org.polycast.amt.internal.wire.MembershipReports;
import org.polycast.amt.internal.wire.UdpDatagram;

/**
 * The gateway's protocol logic (RFC 7450 section 5.2), free of sockets: relay discovery with
 * randomised exponential back-off over a list of candidates, the Request / Query / Update
 * handshake per data family (IGMPv3 for IPv4 groups, MLDv2 for IPv6 groups, both over whatever
 * family the tunnel uses), refresh at the relay's query interval, re-discovery (next candidate) when
 * Requests go unanswered or a Query carries the L flag, Teardown of an old endpoint when the
 * relay reports a new one (G flag), and decapsulation of Multicast Data from the relay only.
 * Everything runs on one thread: the owner calls every method, and the scheduler's tasks, there.
 */
final class GatewayEngine {
    /** Sends an AMT message to the relay (or a discovery address). */
    interface Output {
        void send(AmtMessage message, InetSocketAddress to);
    }

    /** Runs a task later on the engine's thread. */
    interface Scheduler {
        Cancellable schedule(Runnable task, long delayMillis);
    }

    interface Cancellable {
        void cancel();
    }

    /** Receives decapsulated datagrams that a subscription wants. */
    interface Sink {
        /** @param source the subscription's source, null for an any-source subscription */
        void deliver(InetAddress group, InetAddress source, int port, InetSocketAddress sender, byte[] datagram, int offset, int length);
    }

    enum State {
        IDLE, DISCOVERING, REQUESTING, ACTIVE
    }

    /** The gateway side of one tunnel handshake: IPv4 groups use IGMP (P=0), IPv6 groups MLD (P=1). */
    private static final class Handshake {
        final boolean ipv6;
        int requestNonce;
        int attempts;
        Cancellable timer;
        boolean established;
        long mac;
        int macNonce;
        InetSocketAddress endpoint;
        GeneralQuery query;

        Handshake(boolean ipv6) {
            this.ipv6 = ipv6;
        }

        void cancelTimer() {
            if (timer != null) {
                timer.cancel();
                timer = null;
            }
        }
    }

    static final long INITIAL_BACKOFF_MILLIS = 1000;
    /** RFC 3376 section 8.11 and RFC 3810 section 9.11: one second. */
    static final int UNSOLICITED_REPORT_INTERVAL_MILLIS = 1000;
    /** Requests or Discoveries sent to one relay before moving on (the Linux driver's AMT_MAX_REQ_COUNT). */
    static final int MAX_ATTEMPTS = 3;
    private static final InetAddress IPV4_ANY = literal(new byte[4]);
    private static final InetAddress IPV6_ANY = literal(new byte[16]);

    private List<InetSocketAddress> candidates;
    private final long maxBackoffMillis;
    private final boolean linuxPBit;
    private final Output output;
    private final Scheduler scheduler;
    private final Sink sink;
    private final IntSupplier random;
    final GatewayCounters counters = new GatewayCounters();
    final GatewayMemberships memberships = new GatewayMemberships();
    private final Handshake v4 = new Handshake(false);
    private final Handshake v6 = new Handshake(true);
    private State state = State.IDLE;
    private int candidate;
    private int discoveryNonce;
    private int discoveryAttempts;
    private Cancellable discoveryTimer;
    private InetSocketAddress relay;
    private final java.util.Map<InetAddress, List<Cancellable>> pendingRepeats = new java.util.HashMap<>();

    /**
     * @param candidates discovery addresses (relay unicast or anycast addresses, port 2268), tried in order
     */
    GatewayEngine(List<InetSocketAddress> candidates, long maxBackoffMillis, boolean linuxPBit, Output output, Scheduler scheduler, Sink sink,
            IntSupplier random) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("an AMT gateway needs at least one relay or discovery address");
        }
        this.candidates = List.copyOf(candidates);
        this.maxBackoffMillis = Math.max(INITIAL_BACKOFF_MILLIS, maxBackoffMillis);
        this.linuxPBit = linuxPBit;
        this.output = output;
        this.scheduler = scheduler;
        this.sink = sink;
        this.random = random;
    }

    // ---- subscriptions --------------------------------------------------------------------

    void join(InetAddress group, InetAddress source, int port) {
        changed(group, memberships.join(group, source, port));
    }

    void leave(InetAddress group, InetAddress source, int port) {
        changed(group, memberships.leave(group, source, port));
    }

    private void changed(InetAddress group, List<GroupRecord> records) {
        Handshake h = handshake(group);
        if (!records.isEmpty() && h.established && relay != null) {
            sendStateChange(h, group, records);
        }
        if (!memberships.any(!h.ipv6)) {
            // The family's last group went: its leave (above) ends the relay's state; no more refreshes.
            h.cancelTimer();
            h.established = false;
        } else if (relay == null) {
            if (state != State.DISCOVERING) {
                startDiscovery();
            }
        } else if (!h.established && h.timer == null) {
            startRequest(h);
        }
        if (memberships.isEmpty()) {
            if (discoveryTimer != null) {
                discoveryTimer.cancel(); // nothing to discover a relay for any more
            }
            state = State.IDLE;
        }
    }

    /**
     * The Interface closes: tells the relay that every group is left (CHANGE_TO_INCLUDE of nothing), so
     * that it stops forwarding and leaves upstream now rather than when the membership times out.
     */
    void leaveAll() {
        for (Handshake h : List.of(v4, v6)) {
            if (h.established && relay != null) {
                List<GroupRecord> leaves = memberships.currentState(!h.ipv6).stream()
                        .map(r -> new GroupRecord(org.polycast.amt.internal.wire.RecordType.CHANGE_TO_INCLUDE, r.group(), List.of())).toList();
                if (!leaves.isEmpty()) {
                    sendUpdate(h, leaves);
                }
            }
            h.cancelTimer();
            h.established = false;
        }
        pendingRepeats.values().forEach(l -> l.forEach(Cancellable::cancel));
        if (discoveryTimer != null) {
            discoveryTimer.cancel();
        }
        state = State.IDLE;
    }

    // ---- discovery ------------------------------------------------------------------------

    /**
     * Puts relays found for a source (RFC 8777) ahead of the other candidates. While discovering, discovery
     * restarts with the first of them; a relay already in use is kept.
     */
    void preferCandidates(List<InetSocketAddress> preferred) {
        List<InetSocketAddress> next = new ArrayList<>(preferred);
        for (InetSocketAddress c : candidates) {
            if (!next.contains(c)) {
                next.add(c);
            }
        }
        if (next.equals(candidates)) {
            return;
        }
        InetSocketAddress current = candidates.get(candidate);
        candidates = List.copyOf(next);
        candidate = candidates.indexOf(current);
        if (state == State.DISCOVERING) {
            discoveryTimer.cancel();
            candidate = 0;
            discoveryAttempts = 0;
            sendDiscovery();
        }
    }

    private void startDiscovery() {
        state = State.DISCOVERING;
        relay = null;
        v4.cancelTimer();
        v6.cancelTimer();
        v4.established = false;
        v6.established = false;
        discoveryAttempts = 0;
        sendDiscovery();
    }

    private void sendDiscovery() {
        if (discoveryAttempts >= MAX_ATTEMPTS) {
            candidate = (candidate + 1) % candidates.size();
            discoveryAttempts = 0;
        }
        discoveryNonce = random.getAsInt();
        // The timer is set first: an answer may be handled before send returns.
        discoveryTimer = scheduler.schedule(this::sendDiscovery, backoff(discoveryAttempts++));
        counters.discoveriesSent.increment();
        output.send(new RelayDiscovery(discoveryNonce), candidates.get(candidate));
    }

    /** RFC 7450 section 5.2.3.4.3: a random time in [initial, min(initial * 2^attempt, max)]. */
    private long backoff(int attempt) {
        long ceiling = Math.min(INITIAL_BACKOFF_MILLIS << Math.min(attempt, 20), maxBackoffMillis);
        return INITIAL_BACKOFF_MILLIS + Math.floorMod(random.getAsInt(), ceiling - INITIAL_BACKOFF_MILLIS + 1);
    }

    private void advertised(RelayAdvertisement a) {
        if (state != State.DISCOVERING || a.nonce() != discoveryNonce) {
            counters.unexpected.increment();
            return;
        }
        counters.advertisements.increment();
        discoveryTimer.cancel();
        relay = new InetSocketAddress(a.relay(), AmtCodec.PORT);
        counters.relayChanges.increment();
        state = State.REQUESTING;
        for (Handshake h : List.of(v4, v6)) {
            if (memberships.any(!h.ipv6)) {
                startRequest(h);
            }
        }
        if (memberships.isEmpty()) {
            state = State.IDLE;
        }
    }

    /** The relay stopped answering or refused us: try the next candidate. */
    private void relayLost() {
        candidate = (candidate + 1) % candidates.size();
        startDiscovery();
    }

    // ---- handshake ------------------------------------------------------------------------

    private void startRequest(Handshake h) {
        h.attempts = 0;
        h.requestNonce = random.getAsInt(); // a fresh nonce per cycle, kept for its retransmissions
        sendRequest(h);
    }

    private void sendRequest(Handshake h) {
        if (h.attempts >= MAX_ATTEMPTS) {
            relayLost();
            return;
        }
        h.timer = scheduler.schedule(() -> sendRequest(h), INITIAL_BACKOFF_MILLIS << h.attempts++);
        counters.requestsSent.increment();
        output.send(new Request(h.requestNonce, h.ipv6, h.ipv6 && linuxPBit), relay);
    }

    private void queried(MembershipQuery q) {
        Handshake h = q.nonce() == v4.requestNonce ? v4 : q.nonce() == v6.requestNonce ? v6 : null;
        GeneralQuery general;
        try {
            general = GeneralQuery.parse(q.query());
        } catch (AmtFormatException e) {
            counters.malformed.increment();
            return;
        }
        if (h == null || h.timer == null) {
            counters.unexpected.increment(); // not the answer to an outstanding Request
            return;
        }
        counters.queries.increment();
        h.cancelTimer();
        if (q.limit() && !h.established) {
            relayLost(); // RFC 7450 5.2.3.4.1: the relay takes no new gateways
            return;
        }
        if (h.established && h.endpoint != null && q.gateway() != null && !h.endpoint.equals(q.gateway())) {
            // Our address or port as the relay sees it changed (a NAT rebinding): end the old tunnel.
            output.send(new Teardown(h.mac, h.macNonce, h.endpoint), relay);
            counters.teardownsSent.increment();
        }
        h.established = true;
        h.mac = q.mac();
        h.macNonce = q.nonce();
        h.endpoint = q.gateway();
        h.query = general;
        state = State.ACTIVE;
        List<GroupRecord> current = memberships.currentState(!h.ipv6);
        if (!current.isEmpty()) {
            sendUpdate(h, current);
        }
        h.timer = scheduler.schedule(() -> {
            h.timer = null;
            if (memberships.any(!h.ipv6)) {
                startRequest(h);
            }
        }, general.queryIntervalSeconds() * 1000L);
    }

    private void sendUpdate(Handshake h, List<GroupRecord> records) {
        output.send(new MembershipUpdate(h.mac, h.macNonce, report(h, records)), relay);
        counters.updatesSent.increment();
    }

    private static byte[] report(Handshake h, List<GroupRecord> records) {
        return h.ipv6 ? MembershipReports.mldv2((Inet6Address) IPV6_ANY, records) : MembershipReports.igmpv3((Inet4Address) IPV4_ANY, records);
    }

    /**
     * A state-change report, sent at once and repeated [Robustness Variable] - 1 times at random
     * intervals of up to the Unsolicited Report Interval (RFC 3376 section 5.1, RFC 3810 section 6.1),
     * so that one lost Update does not lose a join or a leave. A newer change of the same group
     * cancels the repeats of the older one, which would otherwise undo it.
     */
    private void sendStateChange(Handshake h, InetAddress group, List<GroupRecord> records) {
        List<Cancellable> older = pendingRepeats.remove(group);
        if (older != null) {
            older.forEach(Cancellable::cancel);
        }
        sendUpdate(h, records);
        MembershipUpdate repeat = new MembershipUpdate(h.mac, h.macNonce, report(h, records));
        InetSocketAddress to = relay;
        int repeats = (h.query != null ? h.query.robustness() : 2) - 1;
        List<Cancellable> scheduled = new ArrayList<>(repeats);
        long delay = 0;
        for (int i = 0; i < repeats; i++) {
            delay += 1 + Math.floorMod(random.getAsInt(), UNSOLICITED_REPORT_INTERVAL_MILLIS);
            scheduled.add(scheduler.schedule(() -> {
                if (to.equals(relay)) {
                    output.send(repeat, to);
                    counters.updatesSent.increment();
                }
            }, delay));
        }
        pendingRepeats.put(group, scheduled);
        scheduler.schedule(() -> pendingRepeats.remove(group, scheduled), delay + 1);
    }

    // ---- receive --------------------------------------------------------------------------

    void received(AmtMessage message, InetSocketAddress from) {
        if (message instanceof MulticastData d) {
            data(d, from);
        } else if (message instanceof RelayAdvertisement a) {
            advertised(a);
        } else if (message instanceof MembershipQuery q) {
            if (from.equals(relay)) {
                queried(q);
            } else {
                counters.unexpected.increment();
            }
        } else {
            counters.unexpected.increment(); // Discoveries, Requests, Updates and Teardowns travel the other way
        }
    }

    private void data(MulticastData d, InetSocketAddress from) {
        counters.dataIn.increment();
        // Only the relay endpoint we hold a tunnel with may send us data, from the address and port its Queries
        // come from: RFC 7450 authenticates no data, so a forger must at least spoof both and guess our random port.
        if (relay == null || !from.equals(relay)) {
            counters.dataNotFromRelay.increment();
            return;
        }
        UdpDatagram u;
        try {
            u = UdpDatagram.parse(d.datagram());
        } catch (AmtFormatException e) {
            counters.malformed.increment();
            return;
        }
        InetSocketAddress sender = new InetSocketAddress(u.source(), u.sourcePort());
        boolean wanted = false;
        if (memberships.wants(u.group(), u.source(), u.port())) {
            sink.deliver(u.group(), u.source(), u.port(), sender, d.datagram(), u.payloadOffset(), u.payloadLength());
            wanted = true;
        }
        if (memberships.wants(u.group(), null, u.port())) {
            sink.deliver(u.group(), null, u.port(), sender, d.datagram(), u.payloadOffset(), u.payloadLength());
            wanted = true;
        }
        if (wanted) {
            counters.dataDelivered.increment();
        } else {
            counters.dataUnsubscribed.increment();
        }
    }

    // ---- status ---------------------------------------------------------------------------

    State state() {
        return state;
    }

    InetSocketAddress relay() {
        return relay;
    }

    List<String> describe() {
        List<String> out = new ArrayList<>();
        out.add("state " + state + ", relay " + (relay == null ? "none" : relay.getAddress().getHostAddress())
                + ", candidates " + candidates.stream().map(c -> c.getAddress().getHostAddress()).toList());
        for (Handshake h : List.of(v4, v6)) {
            if (h.established) {
                out.add((h.ipv6 ? "MLDv2" : "IGMPv3") + " tunnel established, endpoint " + h.endpoint + ", query interval "
                        + h.query.queryIntervalSeconds() + " s");
            }
        }
        out.addAll(memberships.describe());
        return out;
    }

    boolean established(boolean ipv6) {
        return (ipv6 ? v6 : v4).established;
    }

    private Handshake handshake(InetAddress group) {
        return group instanceof Inet4Address ? v4 : v6;
    }

    private static InetAddress literal(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "AMT gateway " + state + " relay " + Objects.toString(relay);
    }
}
