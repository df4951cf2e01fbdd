package org.polycast.alm.internal.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.polycast.alm.internal.wire.DataRecord;
import org.polycast.reload.internal.applink.AppAttachProtocol;
import org.polycast.reload.internal.node.ChordOptions;
import org.polycast.reload.internal.node.ChordProtocol;
import org.polycast.reload.internal.wire.NodeId;
import org.polycast.reload.internal.node.NodeOverlayService;
import org.polycast.reload.internal.node.OverlayNode;
import org.polycast.reload.internal.sim.SimAppLinks;
import org.polycast.reload.internal.sim.SimOverlay;

/**
 * The data plane on the overlay simulation with AppAttach edge links (the real RELOAD, AppAttach and ALM code; in-memory
 * links with TCP-like send buffers on virtual time): streams arrive in order and once, a sender that outruns its tree is
 * held back instead of losing data, a slow member is cut loose while the others keep their pace, a forwarder that changes
 * data is caught by the members, and a forwarder that dies mid-stream costs a counted gap, without duplicates or reordering.
 */
class AlmDataPlaneTest {
    private static final String NAME = "ham:opaque:data-plane";
    private static final ScribeTrees.Settings SETTINGS = new ScribeTrees.Settings(2000, 3, 5000, 5000, 2, 30_000);

    /** One simulated peer: its node, links, trees, and what its application received, in order. */
    private record Peer(OverlayNode node, AppAttachProtocol links, ScribeTrees trees, List<String> received, AtomicLong sendBufferSignals) {
        long counter(AlmCounter c) {
            return trees.typedCounters().get(c);
        }
    }

    private static final class Bed {
        final SimOverlay sim = new SimOverlay(7, 600, new ChordOptions(3, 16, 2, 5_000));
        final SimAppLinks links = new SimAppLinks(sim.clock);
        final List<Peer> peers = new ArrayList<>();
        final String group;

        Bed(int n, ScribeTrees.DataSettings data) {
            for (int i = 0; i < n; i++) {
                peers.add(peer(sim.addPeer(), data));
            }
            sim.clock.advance(300_000);
            group = peers.get(0).trees().groupId(NAME);
        }

        private Peer peer(OverlayNode node, ScribeTrees.DataSettings data) {
            NodeOverlayService service = new NodeOverlayService(node);
            AppAttachProtocol appLinks = links.attach(node);
            List<String> received = new ArrayList<>();
            AtomicLong signals = new AtomicLong();
            ScribeTrees trees = new ScribeTrees(service, appLinks, SimTreeClock.of(sim), sim.clock::execute, new ScribeTrees.Listener() {
                @Override
                public void deliver(String groupId, String origin, byte[] payload) {
                    received.add(new String(payload, StandardCharsets.UTF_8));
                }

                @Override
                public void childJoined(String groupId, String child) {
                }

                @Override
                public void childLeft(String groupId, String child) {
                }

                @Override
                public void newSource(String groupId, String origin) {
                }

                @Override
                public void sendBufferAvailable() {
                    signals.incrementAndGet();
                }
            }, SETTINGS, data);
            service.serve(trees);
            return new Peer(node, appLinks, trees, received, signals);
        }

        /** The members join; the tree forms and its edges link. */
        List<Peer> join(List<Peer> members) {
            members.forEach(m -> m.trees().join(group, NAME.getBytes(StandardCharsets.UTF_8)));
            sim.clock.advance(10_000);
            return members;
        }

        Peer find(java.util.function.Predicate<ScribeTrees.TreeView> where) {
            for (Peer p : peers) {
                var views = p.trees().trees();
                sim.clock.advance(0);
                if (views.join().stream().anyMatch(v -> v.group().equals(group) && where.test(v))) {
                    return p;
                }
            }
            return null;
        }

        /** Sends {@code count} messages "m<i>", one every {@code everyMillis}, waiting while the tree holds the sender back. */
        long send(Peer source, int count, long everyMillis, long maxMillis) {
            long heldBack = 0;
            long until = sim.clock.nowMillis() + maxMillis;
            for (int i = 0; i < count && sim.clock.nowMillis() < until; i++) {
                while (!source.trees().acceptsSend(group) && sim.clock.nowMillis() < until) {
                    heldBack++;
                    sim.clock.advance(1);
                }
                source.trees().send(group, ("m" + i).getBytes(StandardCharsets.UTF_8));
                if (everyMillis > 0) {
                    sim.clock.advance(everyMillis);
                } else {
                    sim.clock.advance(0);
                }
            }
            return heldBack;
        }

        static void assertInOrderOnce(Peer member, int from, int to, String what) {
            List<Integer> got = member.received().stream().filter(s -> s.startsWith("m")).map(s -> Integer.parseInt(s.substring(1).replaceAll("[^0-9].*", "")))
                    .toList();
            for (int i = 1; i < got.size(); i++) {
                assertTrue(got.get(i) > got.get(i - 1), what + ": delivered out of order or twice at " + member.trees().self().substring(0, 8) + ": "
                        + got.get(i - 1) + " then " + got.get(i));
            }
            long missing = java.util.stream.IntStream.range(from, to).filter(k -> !got.contains(k)).count();
            assertEquals(0, missing, what + ": messages " + from + " to " + (to - 1) + " missing at " + member.trees().self().substring(0, 8) + " "
                    + member.trees().counters());
        }
    }

    @Test
    void treeEdgesBecomeLinksThatCarryAStreamInOrderOnceWithoutASignaturePerMessage() {
        Bed bed = new Bed(12, ScribeTrees.DataSettings.DEFAULTS);
        List<Peer> members = bed.join(bed.peers.subList(1, 9));
        Peer source = bed.peers.get(0);
        bed.send(source, 3000, 1, 60_000);
        bed.sim.clock.advance(5_000);
        for (Peer m : members) {
            Bed.assertInOrderOnce(m, 0, 3000, "steady stream");
        }
        long overLinks = bed.peers.stream().mapToLong(p -> p.counter(AlmCounter.RECORDS_OVER_LINKS)).sum();
        long overOverlay = bed.peers.stream().mapToLong(p -> p.counter(AlmCounter.RECORDS_OVER_OVERLAY)).sum();
        assertTrue(overLinks > 3000 * members.size() * 9 / 10, "records went over the edge links: " + overLinks);
        assertTrue(overOverlay < overLinks / 100, "a few records over the overlay path at most, while the sender's link came: " + overOverlay);
        assertTrue(bed.peers.stream().mapToLong(p -> p.counter(AlmCounter.MANIFESTS_SIGNED)).sum() < 3000, "manifests cover runs of messages");
        assertEquals(0, members.stream().mapToLong(p -> p.counter(AlmCounter.MESSAGES_LOST) + p.counter(AlmCounter.MESSAGES_UNVERIFIED)).sum());
        Peer forwarder = bed.find(v -> v.parent() != null && !v.children().isEmpty());
        assertTrue(forwarder != null, "with two children per peer the tree has forwarders (depth 2 or more)");
    }

    @Test
    void aSenderThatOutrunsItsTreeIsHeldBackAndNothingIsLost() {
        Bed bed = new Bed(8, ScribeTrees.DataSettings.DEFAULTS);
        List<Peer> members = bed.join(bed.peers.subList(1, 6));
        // Every member reads 1,000 octets a millisecond: far below what the sender offers.
        members.forEach(m -> bed.links.throttle(m.node(), 1000));
        Peer source = bed.peers.get(0);
        String big = "x".repeat(1000);
        long heldBack = 0;
        for (int i = 0; i < 3000; i++) {
            while (!source.trees().acceptsSend(bed.group)) {
                heldBack++;
                bed.sim.clock.advance(1);
            }
            source.trees().send(bed.group, ("m" + i + big).getBytes(StandardCharsets.UTF_8));
            bed.sim.clock.advance(0);
        }
        bed.sim.clock.advance(300_000);
        assertTrue(heldBack > 0, "the sender was held back");
        assertTrue(source.sendBufferSignals().get() > 0, "and told when it could go on");
        for (Peer m : members) {
            List<String> got = m.received();
            assertEquals(3000, got.size(), "every message reached " + m.trees().self().substring(0, 8) + " " + m.trees().counters());
            for (int i = 0; i < got.size(); i++) {
                assertTrue(got.get(i).startsWith("m" + i + "x"), "in order");
            }
        }
        assertEquals(0, bed.peers.stream().mapToLong(p -> p.counter(AlmCounter.DROPPED_SLOW_EDGE)).sum(), "members at one pace: nobody is cut loose");
    }

    @Test
    void aStalledMemberIsCutLooseAndTheOthersKeepTheirPace() {
        Bed bed = new Bed(8, ScribeTrees.DataSettings.DEFAULTS);
        List<Peer> members = bed.join(bed.peers.subList(1, 6));
        Peer slow = members.get(members.size() - 1);
        bed.links.throttle(slow.node(), 1);
        Peer source = bed.peers.get(0);
        String big = "x".repeat(1000);
        long start = bed.sim.clock.nowMillis();
        for (int i = 0; i < 8000; i++) {
            while (!source.trees().acceptsSend(bed.group)) {
                bed.sim.clock.advance(1);
            }
            source.trees().send(bed.group, ("m" + i + big).getBytes(StandardCharsets.UTF_8));
            bed.sim.clock.advance(1);
        }
        long took = bed.sim.clock.nowMillis() - start;
        bed.sim.clock.advance(30_000);
        assertTrue(took < 8000 + 2 * ScribeTrees.DataSettings.DEFAULTS.slowMemberMillis() + 2000, "the sender was held back at most about slowMemberMillis: " + took + " ms");
        for (Peer m : members) {
            if (m != slow) {
                assertEquals(8000, m.received().size(), "the others got everything: " + m.trees().self().substring(0, 8) + " " + m.trees().counters());
            }
        }
        assertTrue(bed.peers.stream().mapToLong(p -> p.counter(AlmCounter.EDGES_LAGGING)).sum() > 0, "the slow edge was marked");
        assertTrue(bed.peers.stream().mapToLong(p -> p.counter(AlmCounter.DROPPED_SLOW_EDGE)).sum() > 0, "its data was dropped, counted");
        assertTrue(slow.received().size() < 8000, "the slow member missed some");
        // It recovers: what its parent dropped for it is counted lost there (a SKIP tells it), what was queued arrives.
        bed.links.throttle(slow.node(), 0);
        bed.sim.clock.advance(30_000);
        long counted = slow.counter(AlmCounter.MESSAGES_LOST) + slow.counter(AlmCounter.MESSAGES_UNVERIFIED);
        assertEquals(8000, slow.received().size() + counted, "every message reached the slow member or is counted lost there: " + slow.trees().counters());
        assertTrue(counted > 0);
        Bed.assertInOrderOnce(slow, 0, 0, "slow member");
    }

    @Test
    void aMemberThatStallsForAMomentIsProbedAndKeptAndLosesNothing() {
        // Its edge stays full for longer than slowMemberMillis while its siblings have room, as a stalled member's does; it
        // resumes during its probe and drains what it is handed, so it is not cut loose: nobody loses anything. (Without the
        // probe it was cut loose after slowMemberMillis and lost what came meanwhile.)
        Bed bed = new Bed(8, ScribeTrees.DataSettings.DEFAULTS);
        List<Peer> members = bed.join(bed.peers.subList(1, 6));
        Peer paused = members.get(members.size() - 1);
        Peer source = bed.peers.get(0);
        String big = "x".repeat(1000);
        int count = 12_000;
        bed.links.throttle(paused.node(), 1);
        boolean resumed = false;
        for (int i = 0; i < count; i++) {
            while (!source.trees().acceptsSend(bed.group)) {
                bed.sim.clock.advance(1);
            }
            // It resumes during its second probe (the first found it stalled).
            if (!resumed && bed.peers.stream().mapToLong(p -> p.counter(AlmCounter.EDGES_PROBED)).sum() >= 2) {
                bed.links.throttle(paused.node(), 0);
                resumed = true;
            }
            source.trees().send(bed.group, ("m" + i + big).getBytes(StandardCharsets.UTF_8));
            bed.sim.clock.advance(1);
        }
        bed.links.throttle(paused.node(), 0);
        bed.sim.clock.advance(30_000);
        assertTrue(bed.peers.stream().mapToLong(p -> p.counter(AlmCounter.EDGES_PROBED)).sum() > 0, "its edge was probed");
        assertEquals(0, bed.peers.stream().mapToLong(p -> p.counter(AlmCounter.EDGES_LAGGING)).sum(), "and kept");
        for (Peer m : members) {
            assertEquals(count, m.received().size(), "everything, everywhere: " + m.trees().self().substring(0, 8) + " " + m.trees().counters());
            Bed.assertInOrderOnce(m, 0, count, "member");
        }
    }

    @Test
    void aForwarderThatChangesDataIsCaughtByTheMembers() {
        Bed bed = new Bed(10, ScribeTrees.DataSettings.DEFAULTS);
        List<Peer> members = bed.join(bed.peers.subList(1, 8));
        Peer source = bed.peers.get(0);
        bed.send(source, 50, 5, 10_000);
        bed.sim.clock.advance(5_000);
        Peer forwarder = bed.find(v -> v.parent() != null && !v.children().isEmpty());
        assertTrue(forwarder != null, "a forwarder");
        // From now on the forwarder flips a bit in every message it passes on.
        bed.links.tamper(forwarder.node(), frame -> {
            if (frame[0] == DataRecord.DATA && frame.length > DataRecord.DATA_HEADER) {
                frame[frame.length - 1] ^= 1;
            }
            return frame;
        });
        members.forEach(m -> m.received().clear());
        bed.send(source, 50, 5, 10_000);
        bed.sim.clock.advance(10_000);
        long forged = members.stream().mapToLong(m -> m.counter(AlmCounter.MESSAGES_FORGED)).sum();
        assertTrue(forged > 0, "members below the forwarder caught the changed messages");
        for (Peer m : members) {
            assertTrue(m.received().stream().allMatch(s -> s.matches("m[0-9]+")), "nothing changed was delivered");
        }
    }

    @Test
    void aForwarderThatDiesMidStreamCostsACountedGapWithoutDuplicatesOrReordering() {
        Bed bed = new Bed(12, ScribeTrees.DataSettings.DEFAULTS);
        List<Peer> members = new ArrayList<>(bed.join(bed.peers.subList(1, 10)));
        Peer source = bed.peers.get(0);
        bed.send(source, 500, 2, 10_000);
        bed.sim.clock.advance(2_000);
        Peer forwarder = null;
        for (Peer m : members) {
            var v = m.trees().trees();
            bed.sim.clock.advance(0);
            if (v.join().stream().anyMatch(x -> x.group().equals(bed.group) && x.parent() != null && !x.children().isEmpty())) {
                forwarder = m;
                break;
            }
        }
        assertTrue(forwarder != null, "a member forwards for others");
        members.remove(forwarder);
        // The stream goes on while the forwarder's subtree re-joins: messages 500 to 1499, one every 20 ms, over 20 s.
        int[] sent = {500};
        Peer victim = forwarder;
        bed.sim.clock.schedule(() -> {
            victim.trees().halt();
            bed.links.fail(victim.node());
            bed.sim.fail(victim.node());
        }, 3_000);
        for (; sent[0] < 1500; sent[0]++) {
            while (!source.trees().acceptsSend(bed.group)) {
                bed.sim.clock.advance(1);
            }
            source.trees().send(bed.group, ("m" + sent[0]).getBytes(StandardCharsets.UTF_8));
            bed.sim.clock.advance(20);
        }
        bed.sim.clock.advance(10_000);
        for (Peer m : members) {
            // Whatever a member missed while its subtree re-joined is counted lost; the rest came in order, once.
            Bed.assertInOrderOnce(m, 0, 0, "across the re-form");
            long got = m.received().stream().filter(x -> x.startsWith("m")).count();
            long lost = m.counter(AlmCounter.MESSAGES_LOST) + m.counter(AlmCounter.MESSAGES_UNVERIFIED);
            assertEquals(1500, got + lost, "every message delivered or counted lost at " + m.trees().self().substring(0, 8) + " " + m.trees().counters());
            // After the re-form (the last five seconds of the stream) nothing is missing.
            Bed.assertInOrderOnce(m, 1250, 1500, "after the re-form");
        }
        System.out.println("forwarder died mid-stream: lost " + members.stream().mapToLong(m -> m.counter(AlmCounter.MESSAGES_LOST)).sum()
                + " in all; a member's counters " + members.get(0).trees().counters());
    }

    @Test
    void aSourceThatTakesGroupsOverAsItJoinsTheRingAndLeavesSoonAfterSendingReachesTheMembersOfTheOldRoot() {
        Bed bed = new Bed(1, ScribeTrees.DataSettings.DEFAULTS);
        Peer oldRoot = bed.peers.get(0);
        // Sixteen groups, joined an eighth of a heartbeat apart, so that their heartbeat ticks fall all over the period.
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String name = "ham:opaque:takeover-" + i;
            names.add(name);
            oldRoot.trees().join(oldRoot.trees().groupId(name), name.getBytes(StandardCharsets.UTF_8));
            bed.sim.clock.advance(SETTINGS.heartbeatMillis() / 8);
        }
        bed.sim.clock.advance(10_000);
        // The new peer serves ALM from its start, before it has joined the ring (as a runtime does), and sends once joined.
        Peer source = bed.peer(bed.sim.startPeer(), ScribeTrees.DataSettings.DEFAULTS);
        assertTrue(bed.sim.clock.advanceUntil(() -> source.node().chord().state() == ChordProtocol.State.JOINED, 1, 60_000), "the new peer joins");
        List<String> takenOver = names.stream().filter(n -> source.node().chord().topology().responsible(
                NodeId.prefixOf(HexFormat.of().parseHex(source.trees().groupId(n))))).toList();
        assertTrue(takenOver.size() >= 4, "the new peer is responsible for some of the groups: " + takenOver);
        for (String n : takenOver) {
            // A member itself, as an application that joins the group it sends to.
            source.trees().join(source.trees().groupId(n), n.getBytes(StandardCharsets.UTF_8));
            source.trees().send(source.trees().groupId(n), n.getBytes(StandardCharsets.UTF_8));
        }
        // The source goes one second later (half a heartbeat): the old root's members must have moved to it by then.
        bed.sim.clock.advance(1_000);
        source.trees().close(3_000);
        bed.sim.clock.advance(5_000);
        assertEquals(takenOver, oldRoot.received().stream().sorted(java.util.Comparator.comparing(names::indexOf)).toList(),
                "each group's message reached the member below the old root " + oldRoot.trees().counters());
    }

    @Test
    void aSenderOnTheTreeThatClosesRightAfterSendingReachesEveryMemberAlthoughItsLeaveOvertakesItsData() {
        Bed bed = new Bed(6, ScribeTrees.DataSettings.DEFAULTS);
        List<Peer> members = bed.join(bed.peers.subList(1, 5));
        Peer source = bed.peers.get(5);
        bed.send(source, 10, 20, 10_000);
        bed.sim.clock.advance(3_000);
        // The source is on the tree now, its records go over its link; from here they take longer on the wire than the
        // Leave takes over the overlay (as over a loaded TCP connection), and the source closes as soon as they are written.
        bed.links.wireDelay(40);
        for (int i = 10; i < 15; i++) {
            source.trees().send(bed.group, ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
        bed.sim.clock.advance(0);
        java.util.concurrent.CompletableFuture<Boolean> closed = source.trees().close(3_000);
        bed.sim.clock.advance(5_000);
        assertTrue(closed.join(), "everything the source took was written before it left");
        for (Peer m : members) {
            Bed.assertInOrderOnce(m, 0, 15, "a sender that closes at once");
        }
        assertTrue(members.stream().mapToLong(m -> m.counter(AlmCounter.RECORDS_AFTER_LEAVE)).sum() > 0, "the Leave did overtake records");
    }

    @Test
    void aNewSendersFirstMessagesPushedToTheRootAreNotOvertakenByItsLaterOnesOnTheTree() {
        Bed bed = new Bed(8, ScribeTrees.DataSettings.DEFAULTS);
        List<Peer> members = bed.join(bed.peers.subList(0, 7));
        Peer source = bed.peers.get(7);
        // A slow overlay path (a loaded ring): the first messages, pushed to the root while the source joins the tree,
        // take far longer than the later ones, which go over the link to its parent, a member.
        bed.sim.network.extraLatency(150);
        bed.send(source, 40, 20, 20_000);
        bed.sim.clock.advance(5_000);
        for (Peer m : members) {
            Bed.assertInOrderOnce(m, 0, 40, "a new sender");
        }
    }
}
