package org.polycast.amt.internal.gateway;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.polycast.amt.internal.AmtSockets;
import org.polycast.amt.internal.AmtStatus;
import org.polycast.amt.internal.wire.AmtDatagram;
import org.polycast.amt.internal.wire.AmtDecoder;
import org.polycast.api.HamUri;
import org.polycast.api.Namespaces;
import org.polycast.api.spi.InterfaceContext;
import org.polycast.api.spi.TechnologyInterface;
import org.polycast.ip.internal.GroupEndpoint;
import org.polycast.ip.internal.IpFamily;
import org.polycast.ip.internal.IpMapping;
import org.polycast.ip.internal.IpSettings;
import org.polycast.ip.internal.MulticastRange;
import org.polycast.ip.internal.NettyTransport;

import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * An AMT gateway as a Polycast Interface (technology {@code amt}): the sockets' joins become
 * IGMPv3/MLDv2 reports tunnelled to a relay, and the Multicast Data the relay sends back is
 * delivered as if received natively, tagged with the same Group Addresses as the IP technologies
 * use ({@code ham:ip:G@S:port}). Receive-only: AMT carries nothing from gateway to relay. All
 * protocol work runs on the channel's event loop; the core's calls only post to it.
 */
final class AmtGatewayInterface implements TechnologyInterface, AmtStatus {
    static final String TECHNOLOGY = "amt";
    /** Ethernet MTU minus the outer IPv4/UDP, the AMT header and the inner IPv4/UDP headers. */
    private static final int ATOMIC_SIZE = 1500 - 28 - 2 - 28;
    private static final long IO_TIMEOUT_MILLIS = 1000;

    private record Subscription(InetAddress group, InetAddress source, int port) {
    }

    private final GatewaySettings settings;
    private final NettyTransport transport;
    private final IpMapping v4 = mapping(IpFamily.V4);
    private final IpMapping v6 = mapping(IpFamily.V6);
    private final Map<Subscription, HamUri> addresses = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    /** DNS lookups (RFC 8777) block, so they run here, one at a time, never on the event loop. */
    private java.util.concurrent.ExecutorService dnsWorker;
    private volatile DriadLookup driad;
    private volatile String driadProblem;
    private final java.util.Set<InetAddress> sourcesLookedUp = ConcurrentHashMap.newKeySet();
    private volatile Channel channel;
    private volatile GatewayEngine engine;
    private volatile InterfaceContext context;

    AmtGatewayInterface(GatewaySettings settings, NettyTransport transport) {
        this.settings = settings;
        this.transport = transport;
    }

    private static IpMapping mapping(IpFamily family) {
        return new IpMapping(family, new IpSettings(java.util.Set.of(), java.util.Set.of(), false, 1, false,
                MulticastRange.parse(family.defaultDerivedRange(), family), 20000, 29999, 5000, 1 << 20, 5, "auto", false));
    }

    @Override
    public String technology() {
        return TECHNOLOGY;
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public String address() {
        GatewayEngine e = engine;
        InetSocketAddress relay = e != null ? e.relay() : null;
        return relay != null ? "relay " + relay.getAddress().getHostAddress() : "relay " + settings.candidates().get(0).getAddress().getHostAddress() + " (discovering)";
    }

    @Override
    public void open(InterfaceContext ctx) throws Exception {
        context = ctx;
        AmtDecoder decoder = new AmtDecoder(reason -> {
            GatewayEngine e = engine;
            if (e != null) {
                e.counters.malformed.increment();
            }
            ctx.malformed("AMT: " + reason);
        });
        Channel ch;
        try {
            InetSocketAddress local = settings.bindAddress() != null ? new InetSocketAddress(settings.bindAddress(), 0)
                    : new InetSocketAddress(settings.ipv6Underlay() ? "::" : "0.0.0.0", 0); // the wildcard of the relays' family
            ch = AmtSockets.bind(transport, local, decoder, d -> engine.received(d.message(), d.peer()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("AMT gateway " + settings.name() + ": " + e.getMessage(), e);
        }
        engine = new GatewayEngine(settings.candidates(), settings.maxBackoffMillis(), settings.linuxPFlag(),
                (message, to) -> ch.writeAndFlush(new AmtDatagram(message, to), ch.voidPromise()),
                (task, delay) -> {
                    ScheduledFuture<?> f = ch.eventLoop().schedule(task, delay, TimeUnit.MILLISECONDS);
                    return () -> f.cancel(false);
                },
                this::deliver, random::nextInt);
        channel = ch;
        if (settings.driad()) {
            startDriad();
        }
    }

    private void startDriad() {
        try {
            driad = new DriadLookup(settings.driadResolver());
        } catch (LinkageError e) {
            driadProblem = "DNS relay discovery (RFC 8777) is off: the dnsjava bundle is not installed";
            return;
        } catch (java.io.IOException e) {
            driadProblem = "DNS relay discovery (RFC 8777) is off: " + e.getMessage();
            return;
        }
        dnsWorker = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "polycast-amt-dns-" + settings.name());
            t.setDaemon(true);
            return t;
        });
    }

    /** Looks up the relays a source's owner publishes, once per source, and lets the engine prefer them. */
    private void discoverRelaysFor(InetAddress source) {
        DriadLookup lookup = driad;
        java.util.concurrent.ExecutorService worker = dnsWorker;
        if (lookup == null || worker == null || source == null || !sourcesLookedUp.add(source)) {
            return;
        }
        worker.execute(() -> {
            List<InetAddress> relays;
            try {
                relays = lookup.relays(source);
            } catch (java.io.IOException | RuntimeException e) {
                driadProblem = "AMTRELAY lookup for " + source.getHostAddress() + " failed: " + e.getMessage();
                return;
            }
            Channel ch = channel;
            if (!relays.isEmpty() && ch != null) {
                List<InetSocketAddress> candidates = relays.stream().map(a -> new InetSocketAddress(a, org.polycast.amt.internal.wire.AmtCodec.PORT)).toList();
                ch.eventLoop().execute(() -> engine.preferCandidates(candidates));
            }
        });
    }

    private void deliver(InetAddress group, InetAddress source, int port, InetSocketAddress sender, byte[] datagram, int offset, int length) {
        HamUri address = addresses.get(new Subscription(group, source, port));
        InterfaceContext ctx = context;
        if (address != null && ctx != null) {
            ctx.deliver(address, ByteBuffer.wrap(datagram, offset, length), GroupEndpointText.of(sender));
        }
    }

    @Override
    public synchronized void close() {
        Channel ch = channel;
        channel = null; // idempotent: the component closes first when it stops, the core again when the service goes
        if (ch == null) {
            return;
        }
        try {
            onLoop(ch, engine::leaveAll);
        } catch (Exception e) {
            // closing anyway; the relay's memberships then time out
        }
        ch.close().awaitUninterruptibly(IO_TIMEOUT_MILLIS);
        if (dnsWorker != null) {
            dnsWorker.shutdownNow();
            DriadLookup.release();
        }
        context = null;
    }

    @Override
    public Optional<HamUri> map(HamUri groupName) {
        Optional<HamUri> m = v4.map(groupName);
        if (m.isEmpty() && Namespaces.IP.equals(groupName.namespace())) {
            m = v6.map(groupName);
        }
        return m;
    }

    @Override
    public void join(HamUri address) throws Exception {
        Subscription s = subscription(address);
        addresses.put(s, address);
        onLoop(() -> engine.join(s.group(), s.source(), s.port()));
        discoverRelaysFor(s.source());
    }

    @Override
    public void leave(HamUri address) throws Exception {
        Subscription s = subscription(address);
        onLoop(() -> engine.leave(s.group(), s.source(), s.port()));
        addresses.remove(s);
    }

    private Subscription subscription(HamUri address) {
        IpMapping m = address.group().startsWith("[") ? v6 : v4;
        GroupEndpoint e = m.endpoint(address);
        return new Subscription(e.group(), e.source(), e.port());
    }

    /** Runs protocol work on the event loop, waiting briefly so that the core sees failures; never long. */
    private void onLoop(Runnable work) throws Exception {
        Channel ch = channel;
        if (ch == null) {
            throw new IllegalStateException("AMT gateway " + settings.name() + " is not open");
        }
        onLoop(ch, work);
    }

    private static void onLoop(Channel ch, Runnable work) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        ch.eventLoop().execute(() -> {
            try {
                work.run();
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        done.get(IO_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void send(HamUri address, ByteBuffer payload, int ttl) {
        throw new UnsupportedOperationException("AMT carries multicast from the relay to the gateway only (RFC 7450); "
                + "send through a native Interface");
    }

    @Override
    public int atomicMessageSize() {
        return ATOMIC_SIZE;
    }

    /** The relay is where this Interface receives every group from: its only parent and neighbour. */
    @Override
    public List<HamUri> parentSet(HamUri address) {
        return relayAsNode();
    }

    @Override
    public List<HamUri> neighborSet() {
        return relayAsNode();
    }

    private List<HamUri> relayAsNode() {
        GatewayEngine e = engine;
        InetSocketAddress relay = e != null ? e.relay() : null;
        if (relay == null) {
            return List.of();
        }
        return List.of(HamUri.parse("ham:ip:" + GroupEndpointText.host(relay.getAddress()) + ":" + relay.getPort()));
    }

    // ---- status ---------------------------------------------------------------------------

    @Override
    public String title() {
        return "gateway " + settings.name();
    }

    @Override
    public List<String> describe() {
        List<String> lines = new java.util.ArrayList<>(onLoopOrEmpty(() -> engine.describe()));
        if (driadProblem != null) {
            lines.add(driadProblem);
        }
        return lines;
    }

    @Override
    public Map<String, Long> counters() {
        GatewayEngine e = engine;
        return e == null ? Map.of() : e.counters.snapshot();
    }

    GatewayEngine.State state() {
        GatewayEngine e = engine;
        return e == null ? GatewayEngine.State.IDLE : e.state();
    }

    private List<String> onLoopOrEmpty(java.util.function.Supplier<List<String>> s) {
        Channel ch = channel;
        if (ch == null || engine == null) {
            return List.of("not open");
        }
        CompletableFuture<List<String>> f = new CompletableFuture<>();
        ch.eventLoop().execute(() -> f.complete(s.get()));
        try {
            return f.get(IO_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return List.of("no answer: " + e);
        }
    }
}
