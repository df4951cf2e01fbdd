package org.polycast.alm.internal.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.polycast.reload.internal.node.ChordOptions;
import org.polycast.reload.internal.node.NodeOverlayService;
import org.polycast.reload.internal.node.OverlayNode;
import org.polycast.reload.internal.sim.SimOverlay;

/**
 * SCRIBE-SAM trees on the overlay simulation (the real RELOAD and ALM code, in-memory links): every
 * member receives every message exactly once on a stable overlay, and again within three heartbeat
 * periods after 20% of the peers fail at once.
 */
class AlmSimulationTest {
    private record Peer(OverlayNode node, ScribeTrees trees, Map<String, Integer> received) {
    }

    @Test
    void treesDeliverEverythingOnceAndReformAfterTwentyPercentFail() {
        int n = Integer.getInteger("alm.sim.peers", 1000);
        SimOverlay sim = new SimOverlay(5, 600, new ChordOptions(3, 16, 2, 5_000));
        Random random = new Random(Long.getLong("alm.sim.seed", 19));
        List<Peer> peers = peers(sim, n);
        sim.clock.advance(700_000);
        int[] sizes = {10, 20, 30, 50, 80, 100, 150, 200, 250, n / 2};
        Map<String, List<Peer>> members = new HashMap<>();
        for (int g = 0; g < sizes.length; g++) {
            String name = "ham:opaque:group-" + g;
            String group = peers.get(0).trees().groupId(name);
            List<Peer> shuffled = new ArrayList<>(peers);
            java.util.Collections.shuffle(shuffled, random);
            List<Peer> m = shuffled.subList(0, Math.min(sizes[g], n));
            m.forEach(p -> p.trees().join(group, name.getBytes(StandardCharsets.UTF_8)));
            members.put(group, new ArrayList<>(m));
        }
        sim.clock.advance(10_000);
        TreeShape shape = TreeShape.of(peers.stream().map(Peer::trees).toList(), sim.clock);
        System.out.println("ALM trees on " + n + " peers: " + shape);
        deliverAndCheck(sim, peers, members, random, "stable");
        for (Map.Entry<String, List<Peer>> e : members.entrySet()) {
            var crawl = e.getValue().get(0).trees().crawl(e.getKey(), 5000);
            assertTrue(sim.clock.advanceUntil(crawl::isDone, 10, 120_000), "the crawl ended");
            java.util.Set<String> found = new java.util.HashSet<>(crawl.join().children().keySet());
            crawl.join().children().values().forEach(found::addAll);
            long missing = e.getValue().stream().filter(p -> !found.contains(p.trees().self())).count();
            assertEquals(0, missing, "members the NodeQuery crawl did not find in a tree of " + e.getValue().size());
            // Each peer's NodeQuery answer says its hops and delay to the root (path_length/delay_to_root) and its heartbeat loss.
            var metrics = crawl.join().metrics();
            assertEquals(0, metrics.get(crawl.join().root()).hopsToRoot(), "the root is 0 hops from itself");
            long known = metrics.values().stream().filter(m -> m.hopsToRoot() >= 0 && m.delayToRootMillis() >= 0 && m.lossPermille() >= 0).count();
            assertTrue(known >= metrics.size() * 9 / 10, known + " of " + metrics.size() + " peers know their hops and delay to the root");
        }
        checkStoredRecords(sim, peers, members);

        List<Peer> failed = new ArrayList<>();
        for (Peer p : new ArrayList<>(peers)) {
            if (random.nextDouble() < 0.20) {
                failed.add(p);
                p.trees().halt();
                sim.fail(p.node());
                peers.remove(p);
            }
        }
        members.values().forEach(m -> m.removeAll(failed));
        sim.clock.advance(3 * ScribeTrees.Settings.DEFAULTS.heartbeatMillis());
        deliverAndCheck(sim, peers, members, random, "after " + failed.size() + " peers failed");
        long duplicatesDropped = peers.stream().mapToLong(p -> p.trees().counters().getOrDefault("duplicates-dropped", 0L)).sum();
        System.out.println("re-formed: " + TreeShape.of(peers.stream().map(Peer::trees).toList(), sim.clock) + "; duplicates dropped " + duplicatesDropped);
    }

    @Test
    void messagesSentWhileABranchReformsStillArriveOnce() {
        SimOverlay sim = new SimOverlay(5, 600, new ChordOptions(3, 16, 2, 5_000));
        List<Peer> peers = peers(sim, 120);
        sim.clock.advance(300_000);
        String group = peers.get(0).trees().groupId("ham:opaque:reform");
        List<Peer> members = new ArrayList<>(peers.subList(0, 60));
        members.forEach(p -> p.trees().join(group));
        sim.clock.advance(10_000);
        // A peer below the root with children: when it fails, its subtree is cut off until it re-joins.
        Peer forwarder = null;
        for (Peer p : peers.subList(1, peers.size() - 2)) {
            var views = p.trees().trees();
            sim.clock.advance(0);
            if (views.join().stream().anyMatch(v -> v.group().equals(group) && v.parent() != null && !v.children().isEmpty())) {
                forwarder = p;
                break;
            }
        }
        assertTrue(forwarder != null, "some peer forwards for others");
        members.remove(forwarder);
        forwarder.trees().halt();
        sim.fail(forwarder.node());
        Peer sender = peers.get(peers.size() - 1) == forwarder ? peers.get(peers.size() - 2) : peers.get(peers.size() - 1);
        // Sent during the cut, at once and over the next heartbeat periods, before the orphans have found new parents.
        for (int k = 0; k < 10; k++) {
            sender.trees().send(group, ("cut#" + k).getBytes(StandardCharsets.UTF_8));
            sim.clock.advance(500);
        }
        sim.clock.advance(30_000);
        long missing = 0;
        for (Peer m : members) {
            for (int k = 0; k < 10; k++) {
                Integer c = m.received().get(group + "/cut#" + k);
                assertTrue(c == null || c == 1, "delivered more than once");
                missing += c == null ? 1 : 0;
            }
        }
        if (missing > 0) {
            System.out.println("forwarder " + forwarder.trees().self().substring(0, 8));
            for (Peer m : members) {
                List<Integer> lost = new ArrayList<>();
                for (int k = 0; k < 10; k++) {
                    if (m.received().get(group + "/cut#" + k) == null) {
                        lost.add(k);
                    }
                }
                if (!lost.isEmpty()) {
                    var v = m.trees().trees();
                    sim.clock.advance(0);
                    System.out.println("missed " + lost + " at " + m.trees().self().substring(0, 8) + " " + v.join() + " " + m.trees().counters());
                }
            }
        }
        long replayed = peers.stream().mapToLong(p -> p.trees().counters().getOrDefault("replayed-messages", 0L)).sum();
        System.out.println("cut of a forwarder: " + missing + " of " + members.size() * 10 + " missing; messages replayed to re-joined children: " + replayed);
        assertEquals(0, missing, "messages the cut-off members never got");
        assertTrue(replayed > 0, "the re-joined children were sent what they missed");
    }

    /**
     * The AlmIT set-up on the simulation, over 40 rings (-Dalm.sim.rings=N for more): three peers form a tree, then three more join the overlay, one of
     * which usually takes over the group id, so the root must move; the next hop of the old root often lies in its own
     * subtree, where a Join would close a loop. Within five heartbeat periods every newcomer's crawl finds every member and
     * every newcomer's messages reach every member once.
     */
    @Test
    void treeFollowsTheGroupIdWhenTheRingGrowsBesideIt() {
        long heartbeat = ScribeTrees.Settings.DEFAULTS.heartbeatMillis();
        List<String> failures = new ArrayList<>();
        Map<String, Long> events = new java.util.TreeMap<>();
        long rings = Long.getLong("alm.sim.rings", 40);
        for (long seed = 1; seed <= rings; seed++) {
            SimOverlay sim = new SimOverlay(seed, 5, new ChordOptions(3, 16, 2, 5_000));
            List<Peer> members = new ArrayList<>();
            String group = null;
            for (int i = 0; i < 3; i++) {
                Peer p = peers(sim, 1).get(0);
                group = p.trees().groupId("ham:opaque:it-news");
                p.trees().join(group);
                members.add(p);
                sim.clock.advance(heartbeat);
            }
            List<Peer> newcomers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                newcomers.add(peers(sim, 1).get(0));
            }
            sim.clock.advance(5 * heartbeat);
            for (Peer sender : newcomers) {
                var crawl = sender.trees().crawl(group, 100);
                assertTrue(sim.clock.advanceUntil(crawl::isDone, 10, 60_000), "the crawl ended");
                java.util.Set<String> found = new java.util.HashSet<>(crawl.join().children().keySet());
                crawl.join().children().values().forEach(found::addAll);
                long missing = members.stream().filter(m -> !found.contains(m.trees().self())).count();
                if (missing > 0) {
                    failures.add("seed " + seed + ": the crawl from " + sender.trees().self().substring(0, 8) + " misses " + missing + " members");
                }
                sender.trees().send(group, ("from " + sender.trees().self()).getBytes(StandardCharsets.UTF_8));
            }
            sim.clock.advance(heartbeat);
            for (Peer m : members) {
                for (Peer sender : newcomers) {
                    Integer c = m.received().get(group + "/from " + sender.trees().self());
                    if (c == null || c != 1) {
                        failures.add("seed " + seed + ": " + m.trees().self().substring(0, 8) + " got " + c + " copies from " + sender.trees().self().substring(0, 8));
                    }
                }
            }
            members.forEach(m -> m.trees().counters().forEach((k, v) -> events.merge(k, v, Long::sum)));
        }
        System.out.println("ring grew beside a young tree, " + rings + " rings: member events " + events);
        assertEquals(List.of(), failures);
    }

    /**
     * A source off the tree streams (every 100 ms) while the ring grows beside a young tree and the group id moves to a
     * newcomer (the root hand-back of the churn test with real processes): every member gets every message once.
     */
    @Test
    void aStreamLosesNothingWhileTheGroupIdMovesToANewcomer() {
        long heartbeat = ScribeTrees.Settings.DEFAULTS.heartbeatMillis();
        List<String> failures = new ArrayList<>();
        Map<String, Long> events = new java.util.TreeMap<>();
        long rings = Long.getLong("alm.sim.rings", 40);
        int moved = 0;
        for (long seed = 1; seed <= rings; seed++) {
            SimOverlay sim = new SimOverlay(seed, 5, new ChordOptions(3, 16, 2, 5_000));
            List<Peer> members = new ArrayList<>();
            Peer source = peers(sim, 1).get(0);
            String group = source.trees().groupId("ham:opaque:stream");
            for (int i = 0; i < 3; i++) {
                Peer p = peers(sim, 1).get(0);
                p.trees().join(group);
                members.add(p);
                sim.clock.advance(heartbeat);
            }
            sim.clock.advance(5 * heartbeat);
            var rootBefore = members.get(0).trees().crawl(group, 100);
            sim.clock.advanceUntil(rootBefore::isDone, 10, 60_000);
            int messages = 300;
            for (int k = 0; k < messages; k++) {
                if (k % 50 == 25) {
                    peers(sim, 1); // a newcomer beside the tree, every 5 s
                }
                source.trees().send(group, ("m" + k).getBytes(StandardCharsets.UTF_8));
                sim.clock.advance(100);
            }
            sim.clock.advance(10 * heartbeat);
            var rootAfter = members.get(0).trees().crawl(group, 100);
            sim.clock.advanceUntil(rootAfter::isDone, 10, 60_000);
            if (!rootBefore.join().root().equals(rootAfter.join().root())) {
                moved++;
            }
            checkStream(seed, members, group, messages, failures);
            members.forEach(m -> m.trees().counters().forEach((k, v) -> events.merge(k, v, Long::sum)));
            source.trees().counters().forEach((k, v) -> events.merge("source " + k, v, Long::sum));
        }
        System.out.println("stream while the ring grew, " + rings + " rings (the root moved in " + moved + "): events " + events);
        assertTrue(moved > 0, "the root moved in some rings: the test covers a hand-back");
        assertEquals(List.of(), failures);
    }

    /**
     * The churn test's root kill on the simulation: a source that is not a member streams every 20 ms to four members; the
     * tree's root (a member) fails, stays dead 5 s and comes back with the same Node-ID (so it takes the group id back) and
     * joins again. The source is the root's successor on the ring, so it holds the root meanwhile and hands it back, as in
     * ChurnIT's losses: what it sent while attaching below the returned root must still reach its subtree. The three members
     * that stayed get every message once.
     */
    @Test
    void aStreamLosesNothingWhenTheRootDiesAndComesBack() {
        long heartbeat = ScribeTrees.Settings.DEFAULTS.heartbeatMillis();
        List<String> failures = new ArrayList<>();
        Map<String, Long> events = new java.util.TreeMap<>();
        long rings = Long.getLong("alm.sim.rings", 40);
        int covered = 0;
        for (long seed = 1; seed <= rings; seed++) {
            SimOverlay sim = new SimOverlay(seed, 5, new ChordOptions(3, 16, 2, 5_000));
            List<Peer> all = peers(sim, 8);
            sim.clock.advance(60_000);
            String group = all.get(0).trees().groupId("ham:opaque:churn");
            List<Peer> members = new ArrayList<>(all.subList(1, 5));
            members.forEach(m -> m.trees().join(group));
            sim.clock.advance(5 * heartbeat);
            var crawl = all.get(0).trees().crawl(group, 100);
            sim.clock.advanceUntil(crawl::isDone, 10, 60_000);
            Peer root = members.stream().filter(m -> m.trees().self().equals(crawl.join().root())).findFirst().orElse(null);
            List<String> ring = all.stream().map(p -> p.trees().self()).sorted().toList();
            Peer source = root == null ? null : all.stream()
                    .filter(p -> p.trees().self().equals(ring.get((ring.indexOf(root.trees().self()) + 1) % ring.size()))).findFirst().orElseThrow();
            if (root == null || members.contains(source)) {
                continue; // the root is not a member, or its successor is
            }
            covered++;
            List<Peer> stayed = members.stream().filter(m -> m != root).toList();
            int messages = 1250; // every 20 ms: a hand-over takes a few tens of milliseconds here
            for (int k = 0; k < messages; k++) {
                if (k == 250) {
                    sim.fail(root.node());
                } else if (k == 500) {
                    OverlayNode back = sim.addPeer(new org.polycast.reload.internal.sim.SimCredentials(root.node().self(), "back@sim.polycast"),
                            new org.polycast.reload.internal.sim.SimCredentials.SimVerifier());
                    peer(sim, back).trees().join(group);
                }
                source.trees().send(group, ("m" + k).getBytes(StandardCharsets.UTF_8));
                sim.clock.advance(20);
            }
            sim.clock.advance(10 * heartbeat);
            checkStream(seed, stayed, group, messages, failures);
            stayed.forEach(m -> m.trees().counters().forEach((k, v) -> events.merge(k, v, Long::sum)));
            source.trees().counters().forEach((k, v) -> events.merge("source " + k, v, Long::sum));
        }
        System.out.println("root died and came back, " + covered + " of " + rings + " rings: events " + events);
        assertTrue(covered > 0, "some rings had a member as root");
        assertEquals(List.of(), failures);
    }

    /** Adds a failure for each member that lost one of the messages m0..m(count-1) or got one twice. */
    private static void checkStream(long seed, List<Peer> members, String group, int count, List<String> failures) {
        for (Peer m : members) {
            int lost = 0;
            int doubled = 0;
            StringBuilder which = new StringBuilder();
            for (int k = 0; k < count; k++) {
                Integer c = m.received().get(group + "/m" + k);
                lost += c == null ? 1 : 0;
                doubled += c != null && c > 1 ? 1 : 0;
                if (c == null && which.length() < 60) {
                    which.append(' ').append(k);
                }
            }
            if (lost + doubled > 0) {
                failures.add("seed " + seed + ": " + m.trees().self().substring(0, 8) + " lost " + lost + " (" + which + " ), got " + doubled + " twice");
            }
        }
    }

    /**
     * Every root stores its tree's ALMTree record and diagnostics at the group id; after a record interval on a stable
     * overlay, what any peer fetches agrees with a crawl of the tree made now.
     */
    private static void checkStoredRecords(SimOverlay sim, List<Peer> everyone, Map<String, List<Peer>> members) {
        // The outsiders that sent have left the trees (a sender keeps its place while it sends), then a record interval passes.
        sim.clock.advance(Membership.SENDER_IDLE_MILLIS + 2 * ScribeTrees.Settings.DEFAULTS.heartbeatMillis());
        sim.clock.advance(ScribeTrees.Settings.DEFAULTS.recordIntervalMillis() + 5_000);
        for (String group : members.keySet()) {
            var crawl = everyone.get(7).trees().crawl(group, 5000);
            assertTrue(sim.clock.advanceUntil(crawl::isDone, 10, 120_000), "the crawl ended");
            java.util.Set<String> onTree = new java.util.HashSet<>(crawl.join().children().keySet());
            crawl.join().children().values().forEach(onTree::addAll);
            var fetched = everyone.get(11).trees().records().fetch(group);
            assertTrue(sim.clock.advanceUntil(fetched::isDone, 10, 60_000), "the fetch ended");
            TreeRecords.Stored stored = fetched.join();
            assertTrue(stored.tree() != null && stored.diagnostics() != null, "records stored for " + group);
            assertEquals(crawl.join().root(), stored.tree().root(), "the ALMTree entry is the root's");
            assertEquals(group, stored.tree().groupId());
            assertTrue(new String(stored.tree().sessionKey(), StandardCharsets.UTF_8).startsWith("ham:opaque:group-"), "the session key reached the root");
            assertEquals(Integer.toString(onTree.size()), stored.tree().attributes().get("size"), "tree size");
            assertEquals(onTree.size(), stored.diagnostics().peers(), "peers in the diagnostics");
            long height = crawl.join().metrics().values().stream().mapToLong(TreeCrawler.NodeMetrics::hopsToRoot).max().orElse(0);
            assertEquals(height, stored.diagnostics().height(), "height in the diagnostics");
            assertTrue(stored.diagnostics().messages() >= 10, "the root counted the group's traffic: " + stored.diagnostics());
        }
        var example = everyone.get(11).trees().records().fetch(members.keySet().iterator().next());
        sim.clock.advanceUntil(example::isDone, 10, 60_000);
        System.out.println("stored, e.g.: " + example.join());
    }

    /**
     * In each group a member (its data floods along the tree's edges: ASM) and a peer off the tree (its data goes to the
     * root first: SSM) send 5 messages each; every member must get each one exactly once.
     */
    private static void deliverAndCheck(SimOverlay sim, List<Peer> everyone, Map<String, List<Peer>> members, Random random, String when) {
        members.values().forEach(m -> m.forEach(p -> p.received().clear()));
        for (Map.Entry<String, List<Peer>> e : members.entrySet()) {
            Peer member = e.getValue().get(random.nextInt(e.getValue().size()));
            // Its own random source: the test's sequence (which peers fail) stays what it was before outsiders sent.
            Random pick = new Random(e.getKey().hashCode());
            Peer outsider = everyone.stream().filter(p -> !e.getValue().contains(p)).skip(pick.nextInt(everyone.size() / 4)).findFirst().orElseThrow();
            for (int k = 0; k < 5; k++) {
                member.trees().send(e.getKey(), (when + "#" + k).getBytes(StandardCharsets.UTF_8));
                outsider.trees().send(e.getKey(), (when + "#" + (5 + k)).getBytes(StandardCharsets.UTF_8));
            }
        }
        sim.clock.advance(5_000);
        int expected = 0;
        int got = 0;
        for (Map.Entry<String, List<Peer>> e : members.entrySet()) {
            for (Peer p : e.getValue()) {
                for (int k = 0; k < 10; k++) {
                    Integer c = p.received().get(e.getKey() + "/" + when + "#" + k);
                    expected++;
                    if (c != null) {
                        assertEquals(1, (int) c, "delivered more than once to a member (" + when + ")");
                        got++;
                    }
                }
            }
        }
        System.out.println(when + ": delivered " + got + " of " + expected);
        if (got != expected) {
            Map<String, Long> all = new java.util.TreeMap<>();
            members.values().stream().flatMap(List::stream).distinct().forEach(p -> p.trees().counters().forEach((k, v) -> all.merge(k, v, Long::sum)));
            System.out.println("counters of all members: " + all);
            for (Map.Entry<String, List<Peer>> e : members.entrySet()) {
                for (Peer p : e.getValue()) {
                    if (p.received().keySet().stream().noneMatch(k -> k.startsWith(e.getKey()))) {
                        var f = p.trees().trees();
                        sim.clock.advance(0);
                        System.out.println("missing at " + p.trees().self().substring(0, 8) + " group " + e.getKey().substring(0, 8) + ": "
                                + f.join().stream().filter(v -> v.group().equals(e.getKey())).toList() + " " + p.trees().counters());
                    }
                }
            }
        }
        if (got != expected) {
            for (String g : members.keySet()) {
                for (Peer p : everyone) {
                    var f = p.trees().trees();
                    sim.clock.advance(0);
                    f.join().stream().filter(v -> v.group().equals(g) && v.root()).forEach(v -> System.out.println("root of " + g.substring(0, 8) + ": "
                            + p.trees().self().substring(0, 8) + " children " + v.children().stream().map(c -> c.substring(0, 8)).toList() + " " + p.trees().counters()));
                }
            }
        }
        assertEquals(expected, got, "delivery ratio " + when);
    }

    /** {@code n} peers joined one by one, each with ALM trees serving on its overlay node. */
    private static List<Peer> peers(SimOverlay sim, int n) {
        List<Peer> peers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            peers.add(peer(sim, sim.addPeer()));
        }
        return peers;
    }

    /** ALM on a peer of the simulated overlay. */
    private static Peer peer(SimOverlay sim, OverlayNode node) {
        NodeOverlayService service = new NodeOverlayService(node);
        Map<String, Integer> received = new ConcurrentHashMap<>();
        ScribeTrees trees = new ScribeTrees(service, SimTreeClock.of(sim), listener(received), ScribeTrees.Settings.DEFAULTS);
        service.serve(trees);
        return new Peer(node, trees, received);
    }

    static ScribeTrees.Listener listener(Map<String, Integer> received) {
        return new ScribeTrees.Listener() {
            @Override
            public void deliver(String groupId, String origin, byte[] data) {
                received.merge(groupId + "/" + new String(data, StandardCharsets.UTF_8), 1, Integer::sum);
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
        };
    }
}
