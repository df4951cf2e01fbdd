package org.polycast.gateway.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.polycast.api.HamUri;
import org.polycast.api.InterfaceProperties;
import org.polycast.reload.internal.node.ChordOptions;
import org.polycast.reload.internal.node.NodeOverlayService;
import org.polycast.reload.internal.sim.SimOverlay;

class GatewayPartsTest {

    @Test
    void selectorsMatchTechnologyAndNameGlob() {
        InterfaceSelector v6 = InterfaceSelector.parse("ip:*-v6");
        assertTrue(v6.matches(new InterfaceProperties(1, "eth1-v6", "2001:2::1", "ip")));
        assertFalse(v6.matches(new InterfaceProperties(2, "eth1", "198.18.0.1", "ip")));
        assertTrue(InterfaceSelector.parse("alm").matches(new InterfaceProperties(3, "alm0", "x", "alm")));
        assertFalse(InterfaceSelector.parse("ip:eth1").matches(new InterfaceProperties(4, "eth10", "198.18.0.1", "ip")), "a glob, not a prefix");
        assertThrows(IllegalArgumentException.class, () -> InterfaceSelector.parse("IP"));
        assertThrows(IllegalArgumentException.class, () -> InterfaceSelector.parse("ip:"));
    }

    @Test
    void groupPairsTranslateAndShareOneElectionKeyWhicheverSideIsA() {
        GroupPair p = GroupPair.parse("ham:ip:239.1.1.1:5000 = ham:ip:[ff3e::1]:5000");
        assertEquals(HamUri.parse("ham:ip:239.1.1.1:5000"), p.a());
        assertEquals(HamUri.parse("ham:ip:[ff3e::1]:5000"), p.b());
        GroupPair swapped = GroupPair.parse("ham:ip:[ff3e::1]:5000=ham:ip:239.1.1.1:5000");
        assertEquals(p.electionKey("v4", "v6"), swapped.electionKey("v6", "v4"));
        assertEquals(GroupPair.parse("ham:opaque:x").a(), GroupPair.parse("ham:opaque:x").b());
    }

    @Test
    void echoesWithinTheWindowAreRecognisedOnTheirBytes() {
        EchoFilter f = new EchoFilter(1000);
        long t = 0;
        f.sent("g", new byte[] {1, 2}, t);
        assertTrue(f.isEcho("g", new byte[] {1, 2}, t + 1_000_000));
        assertTrue(f.isEcho("g", new byte[] {1, 2}, t + 2_000_000), "every copy within the window");
        assertFalse(f.isEcho("h", new byte[] {1, 2}, t + 2_000_000), "another group");
        assertFalse(f.isEcho("g", new byte[] {2, 1}, t + 2_000_000), "other bytes");
        assertFalse(f.isEcho("g", new byte[] {1, 2}, t + 1_500_000_000L), "after the window");
    }

    @Test
    void oneGatewayIsDesignatedAndAStandbyTakesOverWhenItsLeaseEnds() throws InterruptedException {
        SimOverlay sim = new SimOverlay(8, 600, new ChordOptions(3, 16, 2, 5_000));
        NodeOverlayService first = new NodeOverlayService(sim.addPeer());
        NodeOverlayService second = new NodeOverlayService(sim.addPeer());
        sim.addPeer();
        sim.clock.advance(10_000);
        Election e1 = new Election(() -> first, true, "gw1/route", Duration.ofSeconds(1));
        Election e2 = new Election(() -> second, true, "gw2/route", Duration.ofSeconds(1));
        List<String> keys = List.of("site-a|ham:opaque:x=overlay|ham:opaque:x");
        e1.round(keys, sim.clock.nowMillis());
        sim.clock.advance(300); // the Store and Fetch round trips, well inside the 1 s lease
        e2.round(keys, sim.clock.nowMillis());
        sim.clock.advance(300); // the Store and Fetch round trips, well inside the 1 s lease
        assertEquals(Election.State.DESIGNATED, e1.state(keys.get(0)));
        assertEquals(Election.State.STANDBY, e2.state(keys.get(0)));
        assertTrue(e1.forwards(keys.get(0)) && !e2.forwards(keys.get(0)));
        // The first stops renewing (it died); after its lease the standby's next round wins.
        sim.clock.advance(2100); // the overlay's clock: its storage ends the lease, no waiting on the wall clock
        e2.round(keys, sim.clock.nowMillis());
        sim.clock.advance(300); // the Store and Fetch round trips, well inside the 1 s lease
        assertEquals(Election.State.DESIGNATED, e2.state(keys.get(0)));
        // The first comes back: the claim is the second's now.
        e1.round(keys, sim.clock.nowMillis());
        sim.clock.advance(300); // the Store and Fetch round trips, well inside the 1 s lease
        assertEquals(Election.State.STANDBY, e1.state(keys.get(0)));
    }

    @Test
    void withoutAnOverlayAnAutomaticElectionForwardsAndARequiredOneWaits() {
        Election auto = new Election(() -> null, false, "gw", Duration.ofSeconds(3));
        Election required = new Election(() -> null, true, "gw", Duration.ofSeconds(3));
        auto.round(List.of("k"), 0);
        required.round(List.of("k"), 0);
        assertEquals(Election.State.OFF, auto.state("k"));
        assertEquals(Election.State.WAITING, required.state("k"));
        assertFalse(required.forwards("k"));
    }
}
