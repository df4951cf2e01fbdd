package org.polycast.reload.internal.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.polycast.reload.internal.node.ChordOptions;

/** The real routing, Chord and storage code over in-memory links: a ring forms, lookups land on the right peer, and it recovers. */
class SimulationTest {
    @Test
    void ringOfTwoHundredRoutesCorrectlyAndRecoversFromTenPercentFailing() {
        int n = Integer.getInteger("reload.sim.peers", 200);
        SimOverlay sim = new SimOverlay(42, 600, new ChordOptions(3, 16, 2, 5_000));
        for (int i = 0; i < n; i++) {
            sim.addPeer();
        }
        sim.clock.advance(700_000); // one update interval: fingers refreshed on the full ring
        SimOverlay.Lookups stable = sim.lookups(1000);
        System.out.println("stable " + n + " peers: " + stable);
        assertEquals(0, stable.failed(), "failed lookups on a stable ring");
        assertEquals(0, stable.wrongResponder(), "lookups answered by a peer not responsible");
        double bound = 0.5 * Math.log(n) / Math.log(2);
        assertTrue(stable.meanHops() <= bound, "mean route length " + stable.meanHops() + " above " + bound);

        sim.failRandom(0.10);
        sim.clock.advance(700_000); // reactive repair plus one periodic round
        SimOverlay.Lookups recovered = sim.lookups(1000);
        System.out.println("after 10% failed: " + recovered);
        assertEquals(0, recovered.failed(), "failed lookups after recovery");
        assertEquals(0, recovered.wrongResponder(), "lookups answered by a peer not responsible after recovery");
    }

    @Test
    void endToEndRetransmissionCarriesLookupsThroughTwoPercentLossPerHop() {
        SimOverlay sim = new SimOverlay(7, 600, new ChordOptions(3, 16, 2, 5_000));
        for (int i = 0; i < 100; i++) {
            sim.addPeer();
        }
        sim.clock.advance(700_000);
        // about 15% of 8-hop round trips lose a message; five sends make a loss of all of them unlikely (8e-5 each)
        sim.network.setLoss(0.02);
        SimOverlay.Lookups lossy = sim.lookups(500);
        long retransmissions = sim.peers.stream().mapToLong(p -> p.counters().get("retransmissions")).sum();
        long duplicates = sim.peers.stream().mapToLong(p -> p.counters().get("duplicate-requests")).sum();
        System.out.println("2% loss per hop: " + lossy + ", retransmissions " + retransmissions + ", duplicate requests answered again " + duplicates);
        assertEquals(0, lossy.failed(), "lookups lost despite 5 sends");
        assertEquals(0, lossy.wrongResponder());
        assertTrue(retransmissions > 0 && duplicates > 0, "the loss was covered by retransmission, and duplicates were answered from the cache");
    }

    @Test
    void peersJoiningAtTheSameTimeAgreeOnWhoIsResponsible() {
        for (long seed = 1; seed <= 100; seed++) {
            SimOverlay sim = new SimOverlay(seed, 5, new ChordOptions(3, 16, 2, 5_000));
            sim.addPeer();
            sim.addPeer();
            sim.addPeer();
            for (int i = 0; i < 3; i++) {
                sim.startPeer();
            }
            sim.clock.advance(30_000);
            for (var p : sim.peers) {
                assertEquals(org.polycast.reload.internal.node.ChordProtocol.State.JOINED, p.chord().state(), "seed " + seed + ": " + p.chord().lastProblem());
            }
            java.util.Random r = new java.util.Random(seed);
            for (int k = 0; k < 200; k++) {
                byte[] key = new byte[16];
                r.nextBytes(key);
                org.polycast.reload.internal.wire.NodeId id = org.polycast.reload.internal.wire.NodeId.of(key);
                long responsible = sim.peers.stream().filter(p -> p.chord().topology().responsible(id)).count();
                assertEquals(1, responsible, "seed " + seed + ": peers that think they are responsible for " + id + ": "
                        + sim.peers.stream().map(p -> p.self().shortHex() + " preds " + p.chord().topology().predecessors() + " succs "
                                + p.chord().topology().successors()).toList());
            }
            assertEquals(0, sim.lookups(100).wrongResponder(), "seed " + seed);
        }
    }
}
