package org.polycast.amt.internal.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.polycast.amt.internal.VirtualScheduler;
import org.polycast.amt.internal.relay.RelayTestAccess;
import org.polycast.amt.internal.wire.AmtMessage;
import org.polycast.amt.internal.wire.AmtMessage.MembershipUpdate;
import org.polycast.amt.internal.wire.AmtMessage.Teardown;

/**
 * The gateway and relay engines against each other in memory, in virtual time: the handshake,
 * SSM filtering, leave, IPv6 groups over an IPv4 tunnel, refresh, expiry, relay failover, the L
 * flag, Teardown after a NAT rebinding, and the relay's refusal of forged, replayed and
 * misdirected Updates. (Over real sockets the same code runs in the namespace tests.)
 */
class AmtHandshakeTest {
    private static final InetAddress G = ip("232.1.1.1");
    private static final InetAddress S1 = ip("198.18.1.1");
    private static final InetAddress S2 = ip("198.18.1.3");
    private static final InetAddress G6 = ip("ff3e::8000:1");
    private static final InetAddress S6 = ip("2001:2:0:1::1");
    private static final InetAddress RELAY1 = ip("198.18.2.1");
    private static final InetAddress RELAY2 = ip("198.18.3.1");
    private static final int QUERY_INTERVAL = 10;

    private final VirtualScheduler time = new VirtualScheduler();
    private final Map<InetAddress, RelayTestAccess> relays = new HashMap<>();
    private final Map<InetAddress, Boolean> alive = new HashMap<>();
    private final List<String> delivered = new ArrayList<>();
    private final List<AmtMessage> toRelay = new ArrayList<>();
    private InetSocketAddress gatewayEndpoint = new InetSocketAddress(ip("198.18.2.2"), 40000);
    private final SplittableRandom random = new SplittableRandom(1);
    private GatewayEngine gateway;

    private static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** The relay's queryCarriesGatewayAddress setting (off by default, as for the Linux gateway). */
    private boolean queryCarriesGatewayAddress;

    private RelayTestAccess relay(InetAddress address, int maxTunnels) {
        RelayTestAccess r = new RelayTestAccess(address, maxTunnels, QUERY_INTERVAL, queryCarriesGatewayAddress, time::now,
                (m, to, from) -> {
                    if (to.equals(gatewayEndpoint) && gateway != null) {
                        gateway.received(m, new InetSocketAddress(from, 2268));
                    }
                });
        relays.put(address, r);
        alive.put(address, true);
        return r;
    }

    private GatewayEngine gateway(InetAddress... candidates) {
        List<InetSocketAddress> c = new ArrayList<>();
        for (InetAddress a : candidates) {
            c.add(new InetSocketAddress(a, 2268));
        }
        gateway = new GatewayEngine(c, 8000, false, (m, to) -> {
            toRelay.add(m);
            RelayTestAccess r = relays.get(to.getAddress());
            if (r != null && alive.get(to.getAddress())) {
                r.received(m, gatewayEndpoint, to.getAddress());
            }
        }, (task, delay) -> {
            Runnable cancel = time.schedule(task, delay);
            return cancel::run;
        }, (group, source, port, sender, datagram, offset, length) -> delivered.add(group.getHostAddress() + " "
                + (source == null ? "*" : source.getHostAddress()) + " " + port + " " + new String(datagram, offset, length)),
                random::nextInt);
        return gateway;
    }

    /** One relay, one gateway, joined to (S1, G) on port 5000, with the handshake done; returns the relay. */
    private RelayTestAccess activeTunnel() {
        RelayTestAccess relay = relay(RELAY1, 10);
        gateway(RELAY1);
        gateway.join(G, S1, 5000);
        time.advance(10);
        return relay;
    }

    @Test
    void ssmJoinReceivesOnlyItsSourceAndLeaveEndsTheUpstreamSubscription() {
        RelayTestAccess relay = activeTunnel();
        assertEquals(GatewayEngine.State.ACTIVE, gateway.state());
        assertEquals(List.of("(198.18.1.1, 232.1.1.1)"), relay.subscriptions());

        relay.forward(S1, 4000, G, 5000, true, "one".getBytes());
        relay.forward(S2, 4000, G, 5000, true, "other source".getBytes());
        relay.forward(S1, 4000, G, 5001, true, "other port".getBytes());
        assertEquals(List.of("232.1.1.1 198.18.1.1 5000 one"), delivered);
        assertEquals(1L, gateway.counters.snapshot().get("data-unsubscribed"), "the other port is not ours");

        gateway.leave(G, S1, 5000);
        assertEquals(List.of(), relay.subscriptions(), "the leave reached the relay at once");
        assertEquals(List.of("+(198.18.1.1, 232.1.1.1)", "-(198.18.1.1, 232.1.1.1)"), relay.upstream);
    }

    @Test
    void asmAndSsmOfOneGroupAndIpv6GroupsOverAnIpv4Tunnel() {
        RelayTestAccess relay = relay(RELAY1, 10);
        gateway(RELAY1);
        gateway.join(ip("239.1.2.3"), null, 5000);
        gateway.join(G6, S6, 5000);
        time.advance(10);
        assertTrue(gateway.established(false) && gateway.established(true), "an IGMP and an MLD handshake");
        assertEquals(List.of("(*, 239.1.2.3)", "(2001:2:0:1:0:0:0:1, ff3e:0:0:0:0:0:8000:1)"), relay.subscriptions());
        relay.forward(S2, 1, ip("239.1.2.3"), 5000, false, "asm".getBytes());
        relay.forward(S6, 1, G6, 5000, true, "v6".getBytes());
        assertEquals(List.of("239.1.2.3 * 5000 asm", "ff3e:0:0:0:0:0:8000:1 2001:2:0:1:0:0:0:1 5000 v6"), delivered);
    }

    @Test
    void refreshKeepsTheTunnelAndSilenceExpiresIt() {
        RelayTestAccess relay = activeTunnel();
        long requests = gateway.counters.requestsSent.sum();
        time.advance(5 * QUERY_INTERVAL * 1000);
        relay.expire();
        assertEquals(requests + 5, gateway.counters.requestsSent.sum(), "one Request per query interval");
        assertEquals(1, relay.tunnels());
        assertEquals(0L, relay.counters().get("rejected-replayed-nonce"), "each refresh brings a new nonce, which is not a replay");

        alive.put(RELAY1, false); // the gateway goes quiet for the relay (its messages are lost)
        time.advance(3 * QUERY_INTERVAL * 1000);
        relay.expire();
        assertEquals(0, relay.tunnels(), "expired after the membership interval");
        assertEquals(List.of(), relay.subscriptions());
    }

    @Test
    void unansweredRequestsMoveTheGatewayToTheNextRelay() {
        relay(RELAY1, 10);
        RelayTestAccess second = relay(RELAY2, 10);
        gateway(RELAY1, RELAY2);
        gateway.join(G, S1, 5000);
        time.advance(10);
        assertEquals(RELAY1, gateway.relay().getAddress());
        alive.put(RELAY1, false);
        time.advance(QUERY_INTERVAL * 1000 + 1000 + 2000 + 4000 + 100);
        assertEquals(RELAY2, gateway.relay().getAddress(), gateway.describe().toString());
        assertEquals(GatewayEngine.State.ACTIVE, gateway.state());
        second.forward(S1, 1, G, 5000, true, "via second".getBytes());
        assertEquals(List.of("232.1.1.1 198.18.1.1 5000 via second"), delivered);
    }

    @Test
    void aFullRelaySetsTheLimitFlagAndTheGatewayMovesOn() {
        RelayTestAccess full = relay(RELAY1, 1);
        relay(RELAY2, 10);
        gateway(RELAY1, RELAY2);
        InetSocketAddress mine = gatewayEndpoint;
        gatewayEndpoint = new InetSocketAddress(ip("198.18.2.9"), 1); // another gateway takes the one tunnel
        full.received(new AmtMessage.Request(5, false), gatewayEndpoint, RELAY1);
        long mac = full.mac(gatewayEndpoint, 5);
        full.received(new MembershipUpdate(mac, 5, report(ip("232.9.9.9"), S1)), gatewayEndpoint, RELAY1);
        assertEquals(1, full.tunnels());
        gatewayEndpoint = mine;
        gateway.join(G, S1, 5000);
        time.advance(10);
        assertEquals(RELAY2, gateway.relay().getAddress(), "the L flag sent it to the next relay");
    }

    @Test
    void forgedReplayedAndMisdirectedUpdatesAreRejectedAndCounted() {
        RelayTestAccess relay = relay(RELAY1, 10);
        InetSocketAddress gw = gatewayEndpoint;
        relay.received(new AmtMessage.Request(7, false), gw, RELAY1);
        long mac = relay.mac(gw, 7);
        byte[] report = report(G, S1);

        relay.received(new MembershipUpdate(mac ^ 1, 7, report), gw, RELAY1);
        assertEquals(1L, relay.counters().get("rejected-bad-mac"), "wrong MAC");
        relay.received(new MembershipUpdate(mac, 7, report), new InetSocketAddress(gw.getAddress(), gw.getPort() + 1), RELAY1);
        assertEquals(2L, relay.counters().get("rejected-bad-mac"), "right MAC from another port");
        relay.received(new MembershipUpdate(mac, 8, report), gw, RELAY1);
        assertEquals(3L, relay.counters().get("rejected-bad-mac"), "MAC of another nonce");
        assertEquals(0, relay.tunnels());

        relay.received(new MembershipUpdate(mac, 7, report), gw, RELAY1);
        assertEquals(1, relay.tunnels(), "the genuine Update creates the tunnel");
        long mac9 = relay.mac(gw, 9);
        relay.received(new MembershipUpdate(mac9, 9, report(G, S2)), gw, RELAY1);
        relay.received(new MembershipUpdate(mac, 7, report(ip("232.7.7.7"), S1)), gw, RELAY1);
        assertEquals(1L, relay.counters().get("rejected-replayed-nonce"), "an Update of the earlier handshake is a replay");
        assertTrue(relay.subscriptions().stream().noneMatch(s -> s.contains("232.7.7.7")), relay.subscriptions().toString());

        relay.rotate();
        relay.rotate();
        long stale = mac9;
        relay.received(new MembershipUpdate(stale, 9, report(G, S2)), new InetSocketAddress(gw.getAddress(), 1), RELAY1);
        assertEquals(4L, relay.counters().get("rejected-bad-mac"));
        relay.received(new MembershipUpdate(stale, 9, report(G, S2)), gw, RELAY1);
        assertEquals(4L, relay.counters().get("rejected-bad-mac"), "the tunnel keeps the key it was created with");
    }

    @Test
    void withoutGatewayFieldsARebindingIsNotSeenButTheNewEndpointStillGetsItsTunnelAndTheOldOneExpires() {
        RelayTestAccess relay = activeTunnel();
        gatewayEndpoint = new InetSocketAddress(gatewayEndpoint.getAddress(), 50000);
        time.advance(QUERY_INTERVAL * 1000 + 10);
        assertTrue(toRelay.stream().noneMatch(m -> m instanceof Teardown), "nothing to compare with: no Teardown");
        assertEquals(2, relay.tunnels(), "the old endpoint's tunnel until its membership runs out");
        relay.forward(S1, 1, G, 5000, true, "after".getBytes());
        assertTrue(delivered.contains("232.1.1.1 198.18.1.1 5000 after"), delivered.toString());
        time.advance(3 * QUERY_INTERVAL * 1000L);
        relay.expire();
        assertEquals(1, relay.tunnels(), "the old one expired");
    }

    @Test
    void aNatRebindingMakesTheGatewayTearDownItsOldEndpointWhenTheRelayWritesGatewayFields() {
        queryCarriesGatewayAddress = true;
        RelayTestAccess relay = activeTunnel();
        assertEquals(1, relay.tunnels());
        gatewayEndpoint = new InetSocketAddress(gatewayEndpoint.getAddress(), 50000); // the NAT picked a new port
        time.advance(QUERY_INTERVAL * 1000 + 10);
        assertTrue(toRelay.stream().anyMatch(m -> m instanceof Teardown), "Teardown sent");
        assertEquals(1L, relay.counters().get("teardowns"));
        assertEquals(1, relay.tunnels(), "only the new endpoint's tunnel is left");
        relay.forward(S1, 1, G, 5000, true, "after".getBytes());
        assertEquals(List.of("232.1.1.1 198.18.1.1 5000 after"), delivered);
    }

    @Test
    void stateChangesAreRepeatedAndALeaveCancelsTheRepeatsOfItsJoin() {
        RelayTestAccess relay = activeTunnel();
        long updates = gateway.counters.updatesSent.sum();
        gateway.join(ip("232.2.2.2"), S1, 5000);
        time.advance(GatewayEngine.UNSOLICITED_REPORT_INTERVAL_MILLIS + 10);
        assertEquals(updates + 2, gateway.counters.updatesSent.sum(), "the join and one repeat (robustness 2)");

        toRelay.clear();
        gateway.join(ip("232.3.3.3"), S1, 5000);
        gateway.leave(ip("232.3.3.3"), S1, 5000);
        time.advance(GatewayEngine.UNSOLICITED_REPORT_INTERVAL_MILLIS + 10);
        long allows = toRelay.stream().filter(m -> m instanceof MembershipUpdate u && records(u).contains("ALLOW_NEW_SOURCES")).count();
        long blocks = toRelay.stream().filter(m -> m instanceof MembershipUpdate u && records(u).contains("BLOCK_OLD_SOURCES")).count();
        assertEquals(1, allows, "the join's repeat was cancelled by the leave");
        assertEquals(2, blocks, "the leave and its repeat");
        assertTrue(relay.subscriptions().stream().noneMatch(x -> x.contains("232.3.3.3")), relay.subscriptions().toString());
    }

    private static String records(MembershipUpdate u) {
        try {
            return org.polycast.amt.internal.wire.MembershipReports.parse(u.report()).toString();
        } catch (org.polycast.amt.internal.wire.AmtFormatException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void relaysFoundForASourceComeFirstAndRestartDiscovery() {
        relay(RELAY2, 10);
        gateway(ip("192.52.193.1")); // anycast, unreachable here
        gateway.join(G, S1, 5000);
        time.advance(500);
        assertEquals(GatewayEngine.State.DISCOVERING, gateway.state());
        gateway.preferCandidates(List.of(new InetSocketAddress(RELAY2, 2268)));
        time.advance(10);
        assertEquals(GatewayEngine.State.ACTIVE, gateway.state());
        assertEquals(RELAY2, gateway.relay().getAddress());
        assertTrue(gateway.describe().get(0).endsWith("candidates [198.18.3.1, 192.52.193.1]"), gateway.describe().get(0));
    }

    @Test
    void closingTheGatewayLeavesEveryGroupAtTheRelay() {
        RelayTestAccess relay = relay(RELAY1, 10);
        gateway(RELAY1);
        gateway.join(G, S1, 5000);
        gateway.join(ip("239.1.2.3"), null, 5000);
        time.advance(10);
        assertEquals(2, relay.subscriptions().size());
        gateway.leaveAll();
        assertEquals(List.of(), relay.subscriptions(), "the relay left upstream at once");
        assertEquals(GatewayEngine.State.IDLE, gateway.state());
        long sent = toRelay.size();
        time.advance(10 * QUERY_INTERVAL * 1000);
        assertEquals(sent, toRelay.size(), "no refresh after closing");
    }

    @Test
    void dataFromAnyoneButTheRelayIsIgnored() {
        activeTunnel();
        byte[] d = org.polycast.amt.internal.wire.UdpDatagram.build(S1, 1, G, 5000, "spoof".getBytes(), 0, 5);
        gateway.received(new AmtMessage.MulticastData(d), new InetSocketAddress(ip("198.18.2.66"), 2268));
        // the relay's own address, spoofed, but from another port than the one its Queries come from
        gateway.received(new AmtMessage.MulticastData(d), new InetSocketAddress(RELAY1, 40_000));
        assertEquals(List.of(), delivered);
        assertEquals(2L, gateway.counters.snapshot().get("data-not-from-relay"));
        gateway.received(new AmtMessage.MulticastData(d), new InetSocketAddress(RELAY1, 2268));
        assertEquals(1, delivered.size(), "from the relay's endpoint the same datagram is delivered");
    }

    private static byte[] report(InetAddress group, InetAddress source) {
        return org.polycast.amt.internal.wire.MembershipReports.igmpv3((java.net.Inet4Address) ip("0.0.0.0"),
                List.of(new org.polycast.amt.internal.wire.GroupRecord(org.polycast.amt.internal.wire.RecordType.ALLOW_NEW_SOURCES, group,
                        List.of(source))));
    }
}
