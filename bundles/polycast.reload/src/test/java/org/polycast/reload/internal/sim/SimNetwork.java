package org.polycast.reload.internal.sim;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.polycast.reload.internal.message.IpAddressPort;
import org.polycast.reload.internal.node.Link;
import org.polycast.reload.internal.node.LinkLayer;
import org.polycast.reload.internal.node.OverlayNode;
import org.polycast.reload.internal.wire.NodeId;

/**
 * In-memory links between simulated peers on one virtual clock: a connect reaches the listening peer
 * after a delay, messages arrive after a random per-hop latency, and a failed peer's links drop on
 * both ends. It also counts, per transaction id, how many links a transaction crossed (route length).
 */
public final class SimNetwork {
    private final SimClock clock;
    private final Random random;
    private final Map<InetSocketAddress, OverlayNode> listeners = new HashMap<>();
    private final Map<OverlayNode, List<SimLink>> linksOf = new HashMap<>();
    private Map<Long, int[]> hopCounter;
    private long messages;
    private double loss;
    private long extraLatency;

    public SimNetwork(SimClock clock, long seed) {
        this.clock = clock;
        this.random = new Random(seed);
    }

    /** A host address from 198.18.0.0/15 for peer {@code index}. */
    public static InetSocketAddress address(int index) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(new byte[] {(byte) 198, (byte) (18 + (index >> 16 & 1)), (byte) (index >> 8),
                (byte) index}), 6084);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    public LinkLayer attach(OverlayNode node, InetSocketAddress address) {
        listeners.put(address, node);
        linksOf.put(node, new ArrayList<>());
        return new LinkLayer() {
            @Override
            public List<IpAddressPort> candidates() {
                return List.of(new IpAddressPort(address));
            }

            @Override
            public void connect(InetSocketAddress to, NodeId expected) {
                clock.schedule(() -> open(node, to, expected), latency());
            }
        };
    }

    private long latency() {
        return 1 + random.nextInt(5) + extraLatency;
    }

    /** Adds this many milliseconds to every hop from now on (a slow or distant overlay path). */
    public void extraLatency(long millis) {
        extraLatency = millis;
    }

    private void open(OverlayNode client, InetSocketAddress to, NodeId expected) {
        OverlayNode server = listeners.get(to);
        if (server == null || !linksOf.containsKey(client)) {
            if (linksOf.containsKey(client)) {
                client.connectFailed(to, expected, "connection refused");
            }
            return;
        }
        if (expected != null && !expected.equals(server.self())) {
            client.connectFailed(to, expected, "peer certificate names " + server.self().shortHex());
            return;
        }
        SimLink a = new SimLink(client, server);
        SimLink b = new SimLink(server, client);
        a.other = b;
        b.other = a;
        linksOf.get(client).add(a);
        linksOf.get(server).add(b);
        server.linkUp(b);
        client.linkUp(a);
    }

    /** Fails a peer at once: it stops listening and all its links drop (its peers see the drop after a delay). */
    public void fail(OverlayNode node) {
        listeners.values().remove(node);
        List<SimLink> links = linksOf.remove(node);
        if (links != null) {
            for (SimLink l : new ArrayList<>(links)) {
                l.closeBoth("peer failed");
            }
        }
    }

    /** Starts counting links crossed per transaction id. */
    public void countHops(Map<Long, int[]> counter) {
        this.hopCounter = counter;
    }

    /** Drops this share of messages at random (links stay up): end-to-end retransmission has to cover it. */
    public void setLoss(double share) {
        this.loss = share;
    }

    public long messages() {
        return messages;
    }

    private final class SimLink implements Link {
        private final OverlayNode owner;
        private final OverlayNode remote;
        private SimLink other;
        private boolean open = true;

        SimLink(OverlayNode owner, OverlayNode remote) {
            this.owner = owner;
            this.remote = remote;
        }

        @Override
        public NodeId peer() {
            return remote.self();
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return null;
        }

        @Override
        public void send(byte[] message) {
            if (!open) {
                return;
            }
            messages++;
            if (hopCounter != null && message.length >= 28) {
                long tid = 0;
                for (int i = 20; i < 28; i++) {
                    tid = tid << 8 | (message[i] & 0xff);
                }
                hopCounter.computeIfAbsent(tid, t -> new int[1])[0]++;
            }
            SimLink target = other;
            if (loss > 0 && random.nextDouble() < loss) {
                return;
            }
            clock.schedule(() -> {
                if (target.open) {
                    target.owner.received(target, message);
                }
            }, latency());
        }

        @Override
        public void close() {
            closeBoth("closed");
        }

        void closeBoth(String reason) {
            if (!open) {
                return;
            }
            open = false;
            other.open = false;
            List<SimLink> mine = linksOf.get(owner);
            if (mine != null) {
                mine.remove(this);
            }
            List<SimLink> theirs = linksOf.get(remote);
            if (theirs != null) {
                theirs.remove(other);
            }
            if (linksOf.containsKey(owner)) {
                clock.schedule(() -> owner.linkDown(this, reason), 1);
            }
            if (linksOf.containsKey(remote)) {
                clock.schedule(() -> remote.linkDown(other, reason), latency());
            }
        }
    }
}
