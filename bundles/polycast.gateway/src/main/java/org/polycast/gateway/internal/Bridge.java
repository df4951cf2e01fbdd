package org.polycast.gateway.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.polycast.api.EventRegistration;
import org.polycast.api.HamUri;
import org.polycast.api.MembershipEvent;
import org.polycast.api.Message;
import org.polycast.api.MulticastService;

/**
 * A route between two domains: groups joined on both sides, messages from one side sent into the
 * other under the group's name there, unless they are echoes of what this gateway sent, the
 * direction is not bridged, or another gateway is designated for the group. In event-driven mode,
 * join and leave events on either side's Interfaces add and remove bridged groups (RFC 7046
 * Appendix C: members' joins drive the gateway's subscriptions).
 */
final class Bridge {
    enum Direction {
        BOTH, A_TO_B, B_TO_A;

        static Direction parse(String text) {
            return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "both" -> BOTH;
                case "a-to-b" -> A_TO_B;
                case "b-to-a" -> B_TO_A;
                default -> throw new IllegalArgumentException("direction '" + text + "' must be both, a-to-b or b-to-a");
            };
        }
    }

    /** A bridged group, why it is bridged, and when data last crossed it (for event-added groups' soft state). */
    record Route(GroupPair pair, boolean configured, String electionKey, AtomicLong lastActive) {
    }

    final String name;
    final BridgeSide a;
    final BridgeSide b;
    final Direction direction;
    final boolean eventDriven;
    final Election election;
    private final MulticastService service;
    private final Map<HamUri, Route> byA = new ConcurrentHashMap<>();
    private final Map<HamUri, Route> byB = new ConcurrentHashMap<>();
    private final long idleNanos;
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private EventRegistration events;

    Bridge(String name, MulticastService service, GatewayConfig config, Election election) {
        this.name = name;
        this.service = service;
        InterfaceSelector sa = InterfaceSelector.parse(config.sideA());
        InterfaceSelector sb = InterfaceSelector.parse(config.sideB());
        this.a = new BridgeSide("A", sa, config.domainA().isBlank() ? sa.text() : config.domainA(), service, this::fromA, config.echoWindowMillis());
        this.b = new BridgeSide("B", sb, config.domainB().isBlank() ? sb.text() : config.domainB(), service, this::fromB, config.echoWindowMillis());
        this.direction = Direction.parse(config.direction());
        this.eventDriven = switch (config.mode().trim()) {
            case "static" -> false;
            case "events" -> true;
            default -> throw new IllegalArgumentException("mode '" + config.mode() + "' must be static or events");
        };
        this.election = election;
        this.idleNanos = java.util.concurrent.TimeUnit.SECONDS.toNanos(Math.max(1, config.eventGroupIdleSeconds()));
        for (String g : config.groups()) {
            add(GroupPair.parse(g), true);
        }
    }

    void start() {
        if (eventDriven) {
            events = service.enableEvents(this::onEvent);
        }
        tick();
    }

    /** Periodic work: Interfaces that appeared, groups added by events that went idle, and the election round. */
    void tick() {
        a.reconcile();
        b.reconcile();
        long now = System.nanoTime();
        for (Route r : byA.values()) {
            if (!r.configured() && now - r.lastActive().get() > idleNanos) {
                remove(r.pair());
                count("groups-expired");
            }
        }
        election.round(byA.values().stream().map(Route::electionKey).toList(), System.currentTimeMillis());
    }

    private void add(GroupPair pair, boolean configured) {
        Route r = new Route(pair, configured, pair.electionKey(a.domain, b.domain), new AtomicLong(System.nanoTime()));
        if (byA.putIfAbsent(pair.a(), r) == null) {
            byB.put(pair.b(), r);
            a.join(pair.a());
            b.join(pair.b());
        }
    }

    private void remove(GroupPair pair) {
        Route r = byA.get(pair.a());
        if (r != null && !r.configured()) {
            byA.remove(pair.a());
            byB.remove(pair.b());
            a.leave(pair.a());
            b.leave(pair.b());
        }
    }

    private void fromA(Message m) {
        forward(m, byA.get(m.groupName()), a, b, direction != Direction.B_TO_A, "a-to-b");
    }

    private void fromB(Message m) {
        forward(m, byB.get(m.groupName()), b, a, direction != Direction.A_TO_B, "b-to-a");
    }

    private void forward(Message m, Route r, BridgeSide from, BridgeSide to, boolean allowed, String way) {
        if (r == null) {
            return;
        }
        r.lastActive().set(System.nanoTime());
        byte[] payload = m.payload();
        HamUri target = to == b ? r.pair().b() : r.pair().a();
        if (from.echoes.isEcho(m.groupName().toString(), payload, System.nanoTime())) {
            count("echoes-dropped");
        } else if (!allowed) {
            count(way + "-not-bridged");
        } else if (!election.forwards(r.electionKey())) {
            count(way + "-standby");
        } else if (to.send(target, payload)) {
            count(way + "-forwarded");
        } else {
            count(way + "-send-failed");
        }
    }

    /**
     * Event-driven mode: a member or a source appearing on either side (a join or new-source event on
     * one of the route's Interfaces) brings the group in; a leave event there, or a time without data
     * ({@code eventGroupIdleSeconds}), takes it out. Join and leave events are per Interface (the first
     * listener comes, the last goes) or per child of a tree, so a gateway learns of members joining
     * before it listens and of children joining trees through it.
     */
    private void onEvent(MembershipEvent e) {
        boolean ours = a.owns(e.interfaceIndex()) || b.owns(e.interfaceIndex());
        if (!ours) {
            return;
        }
        HamUri group = e.groupName().groupName();
        switch (e.type()) {
            case JOIN, NEW_SOURCE -> {
                Route known = byA.get(group);
                if (known != null) {
                    known.lastActive().set(System.nanoTime());
                } else if (!byB.containsKey(group)) {
                    add(new GroupPair(group, group), false);
                    count("groups-added-by-events");
                }
            }
            case LEAVE -> {
                Route r = byA.get(group);
                if (r != null && !r.configured()) {
                    remove(r.pair());
                    count("groups-removed-by-events");
                }
            }
            default -> {
            }
        }
    }

    List<Route> routes() {
        return new ArrayList<>(byA.values());
    }

    Map<String, Long> counters() {
        Map<String, Long> out = new java.util.TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    private void count(String what) {
        counters.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
    }

    void close() {
        if (events != null) {
            events.close();
        }
        election.release(byA.values().stream().map(Route::electionKey).toList());
        a.close();
        b.close();
    }
}
