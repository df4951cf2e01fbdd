package org.polycast.reload.internal.sim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import org.polycast.reload.internal.config.ConfigDocument;
import org.polycast.reload.internal.config.OverlayConfig;
import org.polycast.reload.internal.message.Ping;
import org.polycast.reload.internal.node.ChordOptions;
import org.polycast.reload.internal.node.ChordProtocol;
import org.polycast.reload.internal.node.Incoming;
import org.polycast.reload.internal.node.OverlayNode;
import org.polycast.reload.internal.wire.Destination;
import org.polycast.reload.internal.wire.MessageCode;
import org.polycast.reload.internal.wire.NodeId;

/**
 * A whole overlay in one JVM: the real node, routing, Chord and storage code over {@link SimNetwork}
 * links on one {@link SimClock}. Peers join one after another through random earlier peers.
 */
public final class SimOverlay {
    /** The result of a batch of lookups. */
    public record Lookups(int sent, int failed, int wrongResponder, double meanHops, int maxHops) {
    }

    public final SimClock clock = new SimClock();
    public final SimNetwork network;
    public final List<OverlayNode> peers = new ArrayList<>();
    private final List<OverlayNode> failed = new ArrayList<>();
    private final Random random;
    private final OverlayConfig config;
    private final ChordOptions options;

    public SimOverlay(long seed, long updateIntervalSeconds, ChordOptions options) {
        this.random = new Random(seed);
        this.network = new SimNetwork(clock, seed);
        this.options = options;
        this.config = ConfigDocument.parse(defaultConfig(updateIntervalSeconds));
    }

    public static byte[] defaultConfig(long updateIntervalSeconds) {
        try (var in = SimOverlay.class.getResourceAsStream("/org/polycast/reload/internal/config/default-overlay.xml")) {
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("polycast.local", "sim.polycast")
                    .replace("<chord:chord-update-interval>60<", "<chord:chord-update-interval>" + updateIntervalSeconds + "<");
            return xml.getBytes(StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public OverlayConfig config() {
        return config;
    }

    /** Adds one peer, joined through a random live peer; returns it once joined (fails if it does not join in time). */
    public OverlayNode addPeer() {
        byte[] id = new byte[16];
        random.nextBytes(id);
        int index = peers.size() + failed.size() + 1;
        return addPeer(new SimCredentials(NodeId.of(id), "peer" + index + "@sim.polycast"), new SimCredentials.SimVerifier());
    }

    /** Adds a peer with the given credentials (real X.509 ones in the security tests). */
    public OverlayNode addPeer(org.polycast.reload.internal.security.Signer signer, org.polycast.reload.internal.security.Verifier verifier) {
        OverlayNode node = startPeer(signer, verifier);
        if (!clock.advanceUntil(() -> node.chord().state() == ChordProtocol.State.JOINED, 50, 120_000)) {
            throw new AssertionError("peer did not join: " + node.chord().state() + " " + node.chord().lastProblem() + " ap=" + node.chord().admittingPeer()
                    + " attaching=" + node.chord().pendingAttaches() + " members=" + node.chord().topology().members() + " counters="
                    + node.counters().snapshot());
        }
        return node;
    }

    /** Starts a peer joining through the first peer and returns at once, so that several join concurrently. */
    public OverlayNode startPeer() {
        byte[] id = new byte[16];
        random.nextBytes(id);
        return startPeer(new SimCredentials(NodeId.of(id), "peer" + (peers.size() + failed.size() + 1) + "@sim.polycast"), new SimCredentials.SimVerifier());
    }

    private OverlayNode startPeer(org.polycast.reload.internal.security.Signer signer, org.polycast.reload.internal.security.Verifier verifier) {
        int index = peers.size() + failed.size() + 1;
        OverlayNode node = new OverlayNode(config, signer, verifier, clock, options);
        var layer = network.attach(node, SimNetwork.address(index));
        // Bootstrap peers are ones that have joined, as a deployment's well-known peers are.
        List<OverlayNode> joined = peers.stream().filter(p -> p.chord().state() == ChordProtocol.State.JOINED).toList();
        List<java.net.InetSocketAddress> bootstrap = joined.isEmpty() ? List.of() : List.of(SimNetwork.address(indexOf(joined.get(random.nextInt(joined.size())))));
        node.start(layer, bootstrap);
        peers.add(node);
        addresses.put(node, index);
        return node;
    }

    private final Map<OverlayNode, Integer> addresses = new HashMap<>();

    private int indexOf(OverlayNode n) {
        return addresses.get(n);
    }

    /** Fails a share of the live peers at once. */
    public void fail(OverlayNode v) {
        peers.remove(v);
        network.fail(v);
        v.leave();
        failed.add(v);
    }

    public List<OverlayNode> failRandom(double share) {
        int count = (int) Math.round(peers.size() * share);
        List<OverlayNode> victims = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            OverlayNode v = peers.remove(random.nextInt(peers.size()));
            network.fail(v);
            v.leave();
            failed.add(v);
            victims.add(v);
        }
        return victims;
    }

    /** Pings random Resource-IDs from random peers; the responder must be the live peer responsible for the id. */
    public Lookups lookups(int count) {
        TreeMap<NodeId, OverlayNode> ring = new TreeMap<>();
        peers.forEach(p -> ring.put(p.self(), p));
        Map<Long, int[]> hops = new HashMap<>();
        network.countHops(hops);
        List<CompletableFuture<Incoming>> answers = new ArrayList<>();
        List<NodeId> expected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] key = new byte[16];
            random.nextBytes(key);
            NodeId k = NodeId.of(key);
            NodeId owner = ring.ceilingKey(k) != null ? ring.ceilingKey(k) : ring.firstKey();
            expected.add(owner);
            OverlayNode from = peers.get(random.nextInt(peers.size()));
            answers.add(from.request(List.of(new Destination.Resource(key)), MessageCode.PING, Ping.request(new byte[0])));
        }
        clock.advance(60_000);
        network.countHops(null);
        int failedLookups = 0;
        int wrong = 0;
        long hopSum = 0;
        int hopMax = 0;
        int measured = 0;
        for (int i = 0; i < count; i++) {
            CompletableFuture<Incoming> f = answers.get(i);
            if (!f.isDone() || f.isCompletedExceptionally()) {
                failedLookups++;
                continue;
            }
            Incoming in = f.join();
            if (!in.signer().nodeId().equals(expected.get(i))) {
                wrong++;
            }
            int[] c = hops.get(in.message().transactionId());
            int h = c == null ? 0 : c[0] / 2;
            hopSum += h;
            hopMax = Math.max(hopMax, h);
            measured++;
        }
        return new Lookups(count, failedLookups, wrong, measured == 0 ? 0 : (double) hopSum / measured, hopMax);
    }
}
