package org.polycast.reload.internal.sim;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.polycast.api.overlay.AppLink;
import org.polycast.reload.internal.applink.AppAttachProtocol;
import org.polycast.reload.internal.applink.AppLinkTransport;
import org.polycast.reload.internal.message.IpAddressPort;
import org.polycast.reload.internal.node.OverlayNode;
import org.polycast.reload.internal.wire.NodeId;

/**
 * Application links between simulated peers on the virtual clock, under the real {@link AppAttachProtocol}: frames arrive
 * after a latency, in order; each direction has a send buffer with the TLS transport's water marks, drained into the
 * receiver as fast as the link's rate allows (unlimited unless {@link #throttle}d) and only while the receiver reads, so
 * that flow control behaves as over TCP.
 */
public final class SimAppLinks {
    static final long HIGH_WATER = 1024 * 1024;
    static final long LOW_WATER = 256 * 1024;

    private final SimClock clock;
    private final Map<InetSocketAddress, Transport> listening = new HashMap<>();
    private final Map<NodeId, Transport> byNode = new HashMap<>();
    private int nextPort = 40000;
    /** How long written frames are on the wire before they arrive (0: at once, when delivered). */
    private long wireDelay;

    public SimAppLinks(SimClock clock) {
        this.clock = clock;
    }

    /** The AppLinks service of a simulated peer. */
    public AppAttachProtocol attach(OverlayNode node) {
        Transport t = new Transport(node, new InetSocketAddress(SimNetwork.address(nextPort - 39999).getAddress(), nextPort++));
        listening.put(t.address, t);
        byNode.put(node.self(), t);
        return new AppAttachProtocol(node, t);
    }

    /** Fails a peer's links at once, as a crash would (the other ends see them close). */
    public void fail(OverlayNode node) {
        Transport t = byNode.remove(node.self());
        if (t != null) {
            listening.remove(t.address);
            new ArrayList<>(t.links).forEach(l -> l.breakBoth("peer failed"));
        }
    }

    /** Limits what the peer's links deliver to it, in octets per millisecond (a slow member); 0: no limit. */
    public void throttle(OverlayNode node, long octetsPerMilli) {
        Transport t = byNode.get(node.self());
        if (t != null) {
            t.rate = octetsPerMilli;
        }
    }

    /** Changes every frame the peer sends from now on (a forwarder that tampers with what it passes on). */
    public void tamper(OverlayNode node, java.util.function.UnaryOperator<byte[]> change) {
        Transport t = byNode.get(node.self());
        if (t != null) {
            t.tamper = change;
        }
    }

    /**
     * From now on, frames leave the sender's buffer when delivered (its pending octets drop, as they do once TCP has them)
     * and reach the other end this many milliseconds later, in order; a close follows its frames, as TCP's FIN does.
     */
    public void wireDelay(long millis) {
        wireDelay = millis;
    }

    /** The links a peer has open. */
    public int links(OverlayNode node) {
        Transport t = byNode.get(node.self());
        return t == null ? 0 : t.links.size();
    }

    private long latency() {
        return 1;
    }

    private final class Transport implements AppLinkTransport {
        final OverlayNode node;
        final InetSocketAddress address;
        final List<Link> links = new ArrayList<>();
        Inbound inbound = (peer, token) -> null;
        long rate;
        java.util.function.UnaryOperator<byte[]> tamper = f -> f;

        Transport(OverlayNode node, InetSocketAddress address) {
            this.node = node;
            this.address = address;
        }

        @Override
        public List<IpAddressPort> candidates() {
            return List.of(new IpAddressPort(address));
        }

        @Override
        public CompletionStage<AppLink> connect(InetSocketAddress to, NodeId expected, int application, byte[] token, AppLink.Listener listener) {
            CompletableFuture<AppLink> done = new CompletableFuture<>();
            clock.schedule(() -> {
                Transport server = listening.get(to);
                if (server == null || !byNode.containsKey(node.self())) {
                    done.completeExceptionally(new IllegalStateException("connection refused"));
                    return;
                }
                if (!server.node.self().equals(expected)) {
                    done.completeExceptionally(new IllegalStateException("the peer's certificate names " + server.node.self().shortHex()));
                    return;
                }
                Claim claim = server.inbound.claim(node.self(), token);
                if (claim == null) {
                    done.completeExceptionally(new IllegalStateException("the peer closed the link"));
                    return;
                }
                Link mine = new Link(this, server.node.self(), application, listener);
                Link theirs = new Link(server, node.self(), application, claim.listener());
                mine.other = theirs;
                theirs.other = mine;
                links.add(mine);
                server.links.add(theirs);
                claim.up().accept(theirs);
                done.complete(mine);
            }, latency());
            return done;
        }

        @Override
        public void accept(Inbound inbound) {
            this.inbound = inbound;
        }

        @Override
        public void close() {
            new ArrayList<>(links).forEach(l -> l.close("the transport closed"));
        }
    }

    private final class Link implements AppLink {
        final Transport owner;
        final NodeId peer;
        final int application;
        final AppLink.Listener listener;
        Link other;
        /** Frames sent and not yet delivered to the other end (this direction's send buffer). */
        final ArrayDeque<byte[]> queued = new ArrayDeque<>();
        long queuedBytes;
        boolean writable = true;
        boolean reading = true;
        boolean open = true;
        boolean delivering;
        long credit;
        long lastDelivery;

        Link(Transport owner, NodeId peer, int application, AppLink.Listener listener) {
            this.owner = owner;
            this.peer = peer;
            this.application = application;
            this.listener = listener;
        }

        @Override
        public String peer() {
            return peer.hex();
        }

        @Override
        public int applicationId() {
            return application;
        }

        @Override
        public boolean send(ByteBuffer... parts) {
            if (!open) {
                return false;
            }
            int length = 0;
            for (ByteBuffer p : parts) {
                length += p.remaining();
            }
            byte[] frame = new byte[length];
            int at = 0;
            for (ByteBuffer p : parts) {
                int n = p.remaining();
                p.duplicate().get(frame, at, n);
                at += n;
            }
            frame = owner.tamper.apply(frame);
            queued.add(frame);
            queuedBytes += frame.length;
            if (writable && queuedBytes > HIGH_WATER) {
                writable = false;
                clock.execute(() -> {
                    if (open && !writable) {
                        listener.writabilityChanged(this, false);
                    }
                });
            }
            return true;
        }

        @Override
        public void flush() {
            if (open && !delivering) {
                delivering = true;
                clock.schedule(this::deliver, latency());
            }
        }

        /** Moves queued frames to the other end while it reads, at the receiving peer's rate. */
        private void deliver() {
            delivering = false;
            if (!open || other == null) {
                return;
            }
            long rate = other.owner.rate;
            long now = clock.nowMillis();
            if (rate > 0) {
                // What the receiver may take: its rate times the time since the last delivery, at most one second's worth.
                credit = Math.min(credit + rate * Math.max(0, now - lastDelivery), rate * 1000 + 65_536);
            }
            lastDelivery = now;
            List<byte[]> onTheWire = new ArrayList<>();
            while (!queued.isEmpty() && other.reading && (rate <= 0 || credit >= queued.peek().length)) {
                byte[] frame = queued.poll();
                queuedBytes -= frame.length;
                if (rate > 0) {
                    credit -= frame.length;
                }
                if (wireDelay > 0) {
                    onTheWire.add(frame);
                    continue;
                }
                other.listener.received(other, ByteBuffer.wrap(frame).asReadOnlyBuffer());
                if (!open) {
                    return;
                }
            }
            if (wireDelay > 0 && !onTheWire.isEmpty()) {
                Link to = other;
                clock.schedule(() -> {
                    for (byte[] frame : onTheWire) {
                        if (!to.open) {
                            return;
                        }
                        to.listener.received(to, ByteBuffer.wrap(frame).asReadOnlyBuffer());
                    }
                    to.listener.readComplete(to);
                }, wireDelay);
            } else if (wireDelay <= 0) {
                other.listener.readComplete(other);
            }
            if (!writable && queuedBytes < LOW_WATER) {
                writable = true;
                listener.writabilityChanged(this, true);
            }
            if (!queued.isEmpty() && other.reading) {
                delivering = true;
                clock.schedule(this::deliver, 1);
            }
        }

        @Override
        public boolean writable() {
            return writable;
        }

        @Override
        public long pendingBytes() {
            return queuedBytes;
        }

        @Override
        public void setReading(boolean on) {
            reading = on;
            if (on && other != null) {
                other.flush();
            }
        }

        @Override
        public void close(String reason) {
            if (!open) {
                return;
            }
            // What was queued still reaches the other end, then both ends close.
            flush();
            clock.schedule(() -> breakBoth("closed by " + owner.node.self().shortHex() + ": " + reason), 2 + wireDelay);
        }

        void breakBoth(String reason) {
            end(reason.startsWith("closed by " + owner.node.self().shortHex()) ? "closed here: " + reason : reason);
            if (other != null) {
                other.end(reason);
            }
        }

        private void end(String reason) {
            if (!open) {
                return;
            }
            open = false;
            owner.links.remove(this);
            clock.execute(() -> listener.closed(this, reason));
        }
    }
}
