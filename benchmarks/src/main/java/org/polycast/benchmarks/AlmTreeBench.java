package org.polycast.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import org.polycast.alm.internal.tree.ScribeTrees;
import org.polycast.alm.internal.wire.AlmCodec;
import org.polycast.alm.internal.wire.AlmMessage;
import org.polycast.reload.internal.node.ChordOptions;
import org.polycast.reload.internal.node.NodeOverlayService;
import org.polycast.reload.internal.node.OverlayNode;
import org.polycast.reload.internal.sim.SimOverlay;

/**
 * SCRIBE-SAM trees at scale, in one JVM: the real RELOAD and ALM code over the simulation's in-memory
 * links (random per-hop latency, virtual time). Two scenarios, one line of figures each:
 * <ul>
 * <li>{@code shape N}: groups of 10, 100 and 1,000 members among N peers: member depth, tree nodes,
 * forwarders that are not members, fan-out (the columns of the Scribe table in reload.md), delivery
 * latency per tree depth for data from a source off the tree, and the delay penalty (tree delivery
 * latency over the overlay's own one-way latency from the source to the same member);</li>
 * <li>{@code churn N}: five groups of 50 members, each with a source sending every 200 ms for 120 s,
 * while every 5 s 1% of the peers fail and as many new ones join (half of them joining a group):
 * delivery ratio to members that lived through each message, duplicates, re-form times.</li>
 * </ul>
 */
public final class AlmTreeBench {
    private record Peer(OverlayNode node, NodeOverlayService service, ScribeTrees trees) {
    }

    private final SimOverlay sim;
    private final List<Peer> peers = new ArrayList<>();
    /** member|group|payload to the virtual time of the first delivery, and the number of deliveries. */
    private final Map<String, Long> firstDelivery = new HashMap<>();
    private final Map<String, Integer> deliveries = new HashMap<>();

    private AlmTreeBench(long seed) {
        sim = new SimOverlay(seed, 600, ChordOptions.DEFAULTS);
    }

    public static void main(String[] args) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            int n = Integer.parseInt(args[i + 1]);
            switch (args[i]) {
                case "shape" -> new AlmTreeBench(n).shape(n);
                case "churn" -> new AlmTreeBench(n).churn(n);
                default -> throw new IllegalArgumentException("scenarios: shape N, churn N");
            }
        }
    }

    private Peer add() {
        OverlayNode node = sim.addPeer();
        NodeOverlayService service = new NodeOverlayService(node);
        String self = node.self().toString();
        ScribeTrees trees = new ScribeTrees(service, clock(), new ScribeTrees.Listener() {
            @Override
            public void deliver(String groupId, String origin, byte[] data) {
                String key = self + "|" + groupId + "|" + new String(data, StandardCharsets.UTF_8);
                firstDelivery.putIfAbsent(key, sim.clock.nowMillis());
                deliveries.merge(key, 1, Integer::sum);
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
        }, ScribeTrees.Settings.DEFAULTS);
        service.serve(trees);
        Peer p = new Peer(node, service, trees);
        peers.add(p);
        return p;
    }

    private ScribeTrees.Clock clock() {
        return new ScribeTrees.Clock() {
            @Override
            public long nowMillis() {
                return sim.clock.nowMillis();
            }

            @Override
            public Runnable schedule(Runnable task, long delayMillis) {
                return sim.clock.schedule(task, delayMillis);
            }

            @Override
            public void execute(Runnable task) {
                sim.clock.execute(task);
            }
        };
    }

    private <T> T await(CompletableFuture<T> f) {
        if (!sim.clock.advanceUntil(f::isDone, 5, 120_000)) {
            throw new IllegalStateException("no answer in 120 s of virtual time");
        }
        return f.join();
    }

    /** Each peer's view of one tree, by Node-ID. */
    private Map<String, ScribeTrees.TreeView> views(String group) {
        Map<String, ScribeTrees.TreeView> out = new HashMap<>();
        for (Peer p : peers) {
            await(p.trees().trees()).stream().filter(v -> v.group().equals(group)).forEach(v -> out.put(p.trees().self(), v));
        }
        return out;
    }

    private static int depth(Map<String, ScribeTrees.TreeView> tree, ScribeTrees.TreeView v) {
        int depth = 0;
        for (ScribeTrees.TreeView cur = v; cur != null && !cur.root() && cur.parent() != null && depth < 64; cur = tree.get(cur.parent())) {
            depth++;
        }
        return depth;
    }

    private void shape(int n) {
        Random random = new Random(n);
        for (int i = 0; i < n; i++) {
            add();
        }
        sim.clock.advance(700_000);
        for (int size : new int[] {10, 100, 1000}) {
            if (size >= n) {
                continue;
            }
            String group = peers.get(0).trees().groupId("ham:opaque:shape-" + size);
            List<Peer> shuffled = new ArrayList<>(peers);
            java.util.Collections.shuffle(shuffled, random);
            List<Peer> members = shuffled.subList(0, size);
            Peer source = shuffled.get(size);
            members.forEach(m -> m.trees().join(group));
            sim.clock.advance(30_000);
            Map<String, ScribeTrees.TreeView> tree = views(group);
            int nodes = tree.size();
            long forwarders = tree.values().stream().filter(v -> !v.member() && !v.children().isEmpty()).count();
            int maxFanout = tree.values().stream().mapToInt(v -> v.children().size()).max().orElse(0);
            int rootFanout = tree.values().stream().filter(ScribeTrees.TreeView::root).mapToInt(v -> v.children().size()).sum();
            // Latency: 20 messages from the source off the tree, 1 s apart; per member the mean over them.
            Map<Integer, List<Long>> byDepth = new java.util.TreeMap<>();
            List<Double> penalties = new ArrayList<>();
            long[] sentAt = new long[20];
            for (int k = 0; k < 20; k++) {
                sentAt[k] = sim.clock.nowMillis();
                source.trees().send(group, ("shape#" + k).getBytes(StandardCharsets.UTF_8));
                sim.clock.advance(1_000);
            }
            sim.clock.advance(10_000);
            int delivered = 0;
            for (int i = 0; i < members.size(); i++) {
                Peer m = members.get(i);
                ScribeTrees.TreeView v = tree.get(m.trees().self());
                long sum = 0;
                int got = 0;
                for (int k = 0; k < 20; k++) {
                    Long at = firstDelivery.get(m.trees().self() + "|" + group + "|shape#" + k);
                    if (at != null) {
                        sum += at - sentAt[k];
                        got++;
                    }
                }
                delivered += got;
                if (got == 0 || v == null) {
                    continue;
                }
                long latency = sum / got;
                byDepth.computeIfAbsent(depth(tree, v), d -> new ArrayList<>()).add(latency);
                if (i < 50) {
                    // The overlay's own one-way latency from the source to this member: half a NodeQuery round trip.
                    long start = sim.clock.nowMillis();
                    byte[] query = AlmCodec.encode(AlmCodec.SCRIBE_SAM, new AlmMessage.NodeQuery(source.trees().self(), m.trees().self()));
                    await(source.service().requestNode(m.trees().self(), query).toCompletableFuture());
                    long oneWay = Math.max(1, (sim.clock.nowMillis() - start) / 2);
                    penalties.add((double) latency / oneWay);
                }
            }
            double meanDepth = tree.values().stream().filter(ScribeTrees.TreeView::member).mapToInt(v -> depth(tree, v)).average().orElse(0);
            int maxDepth = tree.values().stream().filter(ScribeTrees.TreeView::member).mapToInt(v -> depth(tree, v)).max().orElse(0);
            StringBuilder latency = new StringBuilder();
            byDepth.forEach((d, l) -> latency.append(' ').append("depth").append(d).append("=").append(l.stream().mapToLong(Long::longValue).sum() / l.size())
                    .append("ms/").append(l.size()));
            penalties.sort(Double::compare);
            System.out.printf("alm-shape peers=%d members=%d meanDepth=%.2f maxDepth=%d treeNodes=%d nonMemberForwarders=%d maxFanout=%d rootFanout=%d"
                    + " delivered=%d/%d rdpMedian=%.2f rdpP90=%.2f latency:%s%n", n, size, meanDepth, maxDepth, nodes, forwarders, maxFanout, rootFanout,
                    delivered, 20 * size, penalties.isEmpty() ? 0 : penalties.get(penalties.size() / 2),
                    penalties.isEmpty() ? 0 : penalties.get(penalties.size() * 9 / 10), latency);
        }
    }

    private void churn(int n) {
        Random random = new Random(n + 1);
        for (int i = 0; i < n; i++) {
            add();
        }
        sim.clock.advance(700_000);
        List<Peer> sources = new ArrayList<>(peers.subList(0, 5));
        List<String> groups = new ArrayList<>();
        Map<String, List<Peer>> members = new HashMap<>();
        Map<Peer, Long> joinedAt = new HashMap<>();
        for (int g = 0; g < 5; g++) {
            String group = peers.get(0).trees().groupId("ham:opaque:churn-" + g);
            groups.add(group);
            List<Peer> m = new ArrayList<>();
            for (Peer p : peers.subList(5 + 50 * g, 5 + 50 * (g + 1))) {
                p.trees().join(group);
                m.add(p);
                joinedAt.put(p, sim.clock.nowMillis());
            }
            members.put(group, m);
        }
        sim.clock.advance(30_000);
        Map<Peer, Long> failedAt = new HashMap<>();
        Map<String, Long> sentAt = new HashMap<>();
        long start = sim.clock.nowMillis();
        int failedPeers = 0;
        for (long t = 0; t < 120_000; t += 200) {
            for (int g = 0; g < 5; g++) {
                String payload = "churn#" + t;
                sentAt.put(groups.get(g) + "|" + payload, sim.clock.nowMillis());
                sources.get(g).trees().send(groups.get(g), payload.getBytes(StandardCharsets.UTF_8));
            }
            if (t % 5_000 == 0 && t > 0) {
                int count = Math.max(1, n / 100);
                for (int k = 0; k < count; k++) {
                    Peer victim = peers.get(5 + random.nextInt(peers.size() - 5));
                    victim.trees().halt();
                    sim.fail(victim.node());
                    peers.remove(victim);
                    failedAt.put(victim, sim.clock.nowMillis());
                    failedPeers++;
                    Peer fresh = add();
                    if (random.nextBoolean()) {
                        String group = groups.get(random.nextInt(groups.size()));
                        fresh.trees().join(group);
                        members.get(group).add(fresh);
                        joinedAt.put(fresh, sim.clock.nowMillis());
                    }
                }
            }
            sim.clock.advance(200);
        }
        sim.clock.advance(20_000);
        // Expected: a member gets a message if it had joined 10 s before it was sent (time to find the tree) and lived 10 s after.
        long expected = 0;
        long got = 0;
        long duplicates = 0;
        for (String group : groups) {
            for (Peer m : members.get(group)) {
                for (Map.Entry<String, Long> e : sentAt.entrySet()) {
                    if (!e.getKey().startsWith(group + "|")) {
                        continue;
                    }
                    long sent = e.getValue();
                    Long died = failedAt.get(m);
                    if (joinedAt.get(m) > sent - 10_000 || died != null && died < sent + 10_000) {
                        continue;
                    }
                    expected++;
                    Integer c = deliveries.get(m.trees().self() + "|" + e.getKey());
                    if (c != null) {
                        got++;
                        duplicates += c - 1;
                    }
                }
            }
        }
        Map<String, Long> counters = new java.util.TreeMap<>();
        List<Peer> everyone = new ArrayList<>(peers);
        everyone.addAll(failedAt.keySet());
        long reattachMax = 0;
        for (Peer p : everyone) {
            for (Map.Entry<String, Long> e : p.trees().counters().entrySet()) {
                if (e.getKey().equals("reattach-ms-max")) {
                    reattachMax = Math.max(reattachMax, e.getValue());
                } else {
                    counters.merge(e.getKey(), e.getValue(), Long::sum);
                }
            }
        }
        long reattaches = counters.getOrDefault("reattaches", 0L);
        System.out.printf("alm-churn peers=%d groups=5 members=50 seconds=%d failedAndReplaced=%d expected=%d delivered=%d ratio=%.5f duplicates=%d"
                + " reattaches=%d reattachMeanMs=%d reattachMaxMs=%d replayedMessages=%d%n", n, (sim.clock.nowMillis() - start) / 1000, failedPeers, expected, got,
                expected == 0 ? 0 : (double) got / expected, duplicates, reattaches, reattaches == 0 ? 0 : counters.get("reattach-ms-total") / reattaches,
                reattachMax, counters.getOrDefault("replayed-messages", 0L));
    }
}
