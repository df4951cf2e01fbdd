package org.polycast.alm.internal;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.polycast.alm.internal.hybrid.HybridDelivery;
import org.polycast.alm.internal.tree.ScribeTrees;
import org.polycast.api.HamUri;
import org.polycast.api.MembershipEventType;
import org.polycast.api.InterfaceProperties;
import org.polycast.api.MulticastService;
import org.polycast.api.Namespaces;
import org.polycast.api.overlay.AppLinks;
import org.polycast.api.overlay.OverlayService;
import org.polycast.api.spi.InterfaceContext;
import org.polycast.api.spi.NameMapper;
import org.polycast.api.spi.RelayTunnels;
import org.polycast.api.spi.SendBufferFullException;
import org.polycast.common.internal.BundleLog;
import org.polycast.common.internal.GuardedTask;
import org.osgi.service.log.LoggerFactory;
import org.polycast.api.spi.TechnologyInterface;

/**
 * The technology Interface {@code alm}: Group Names of every namespace map to RFC 7019 group ids (the
 * overlay's hash of the name's text, RFC 7019 §5) and travel on SCRIBE-SAM trees over the RELOAD overlay.
 * Addresses are {@code ham:reload:<group id in hex>}; such a name is its own address. The Interface
 * exists while an overlay peer runs (a static reference: it goes when the overlay goes).
 */
@Component(service = {TechnologyInterface.class, AlmInterface.class}, configurationPid = "org.polycast.alm", property = {
    TechnologyInterface.TECHNOLOGY + "=alm", TechnologyInterface.INTERFACE_NAME + "=alm0", TechnologyInterface.CONCURRENT_SEND + "=true",
    TechnologyInterface.FLOW_CONTROL + "=true"})
@Designate(ocd = AlmConfig.class)
public class AlmInterface implements TechnologyInterface {
    private static final Pattern GROUP_ID = Pattern.compile("[0-9a-f]{32}");

    private final OverlayService overlay;
    private final String name;
    private final int atomicSize;
    private final ScheduledExecutorService executor;
    private final ScribeTrees trees;
    /** Group id to the name it was hashed from (the session key), for the last names mapped: the Join carries it to the root's ALMTree record. */
    private final Map<String, String> sessionKeys = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 4096;
        }
    };
    private final AutoCloseable serving;
    private final HybridDelivery hybrid;
    private volatile InterfaceContext context;
    /**
     * For hybrid delivery: the Polycast API (to join through a tunnel) and a tunnelling technology's service (the AMT bundle's,
     * to open one to a relay); both optional and dynamic.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile MulticastService multicast;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile RelayTunnels tunnels;
    /** Mapping services: where the core maps names for this Interface through one, the name of a group id comes back from it. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<NameMapper> mappers;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile LoggerFactory loggers;
    private final BundleLog log = new BundleLog(AlmInterface.class, () -> loggers);
    /** Every task of the ALM thread runs guarded: one that throws is logged (rate-limited) and counted, the thread goes on. */
    private final GuardedTask.Failures failures = new GuardedTask.Failures("an ALM task", log::warn);

    private final ExecutorService crypto;
    private final long closeWaitMillis;

    @Activate
    public AlmInterface(@Reference OverlayService overlay, AlmConfig config) {
        this.overlay = overlay;
        this.name = config.name();
        if (config.atomicMessageSize() < 512 || config.atomicMessageSize() > 60_000) {
            throw new IllegalArgumentException("atomicMessageSize must be 512 to 60000, was " + config.atomicMessageSize());
        }
        this.atomicSize = config.atomicMessageSize();
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "polycast-alm");
            t.setDaemon(true);
            return t;
        });
        // Signing and checking manifests (about a millisecond per signature) off the ALM thread, on a thread of its own: one, so
        // that manifests are checked in the order they came (members infer lost manifests from later ones that checked).
        this.crypto = Executors.newFixedThreadPool(1, r -> {
            Thread t = new Thread(r, "polycast-alm-crypto");
            t.setDaemon(true);
            return t;
        });
        this.closeWaitMillis = config.closeWaitMillis();
        this.trees = new ScribeTrees(overlay, null, clock(executor), crypto, listener(), new ScribeTrees.Settings(config.heartbeatMillis(), config.missedHeartbeats(),
                config.heartbeatTimeoutMillis(), 5000, config.maxChildren(), config.recordIntervalSeconds() * 1000L), dataSettings(config));
        this.serving = overlay.serve(trees);
        this.hybrid = new HybridDelivery(overlay, trees, task -> executor.execute(guarded(task)), System::currentTimeMillis, hybridServices(),
                new HybridDelivery.Settings(config.hybridRegion().trim(), config.hybridAmtRelay().trim(), config.hybridSwitchAfter(), config.hybridSilenceMillis(),
                        config.hybridRegionGateway(), config.hybridRegionInterface().trim(), config.hybridForwarders()),
                (group, data, source) -> {
                    InterfaceContext c = context;
                    if (c != null) {
                        c.deliver(address(group), ByteBuffer.wrap(data), source);
                    }
                });
        executor.scheduleWithFixedDelay(guarded(hybrid::tick), 1, 1, TimeUnit.SECONDS);
    }

    /**
     * The overlay peer's direct links (registered with the overlay service, but an optional static reference would miss it
     * when both arrive in one registration): tree edges use them from when they are bound.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindAppLinks(AppLinks links) {
        trees.appLinks(links);
    }

    void unbindAppLinks(AppLinks links) {
        trees.appLinks(null);
    }

    private static ScribeTrees.DataSettings dataSettings(AlmConfig c) {
        if (c.signatureIntervalMillis() < 1 || c.verifyWaitMillis() < 1 || c.gapWaitMillis() < 0 || c.receiveBufferBytes() < 65_536
                || c.slowMemberMillis() < 100 || c.inboundLimitBytes() < 65_536 || c.replayBufferBytes() < 0 || c.replayBufferMessages() < 0) {
            throw new IllegalArgumentException("ALM data settings out of range: signatureIntervalMillis >= 1, verifyWaitMillis >= 1, gapWaitMillis >= 0, "
                    + "receiveBufferBytes and inboundLimitBytes >= 65536, slowMemberMillis >= 100, replay buffers >= 0");
        }
        return new ScribeTrees.DataSettings(c.dataLinks(), c.sourceAuthentication(), c.signatureIntervalMillis(), c.verifyWaitMillis(), 60_000,
                c.gapWaitMillis(), c.receiveBufferBytes(), c.slowMemberMillis(), c.inboundLimitBytes(), 1024, c.replayBufferMessages(), c.replayBufferBytes());
    }

    private HybridDelivery.Services hybridServices() {
        return new HybridDelivery.Services() {
            @Override
            public MulticastService multicast() {
                return multicast;
            }

            @Override
            public java.util.Optional<HybridDelivery.Tunnel> tunnel(String relay) {
                RelayTunnels provider = tunnels;
                return provider == null ? java.util.Optional.empty()
                        : java.util.Optional.of(new HybridDelivery.Tunnel(provider.technology(), provider.open(relay)));
            }
        };
    }

    private ScribeTrees.Clock clock(ScheduledExecutorService executor) {
        return new ScribeTrees.Clock() {
            @Override
            public long nowMillis() {
                return System.currentTimeMillis();
            }

            @Override
            public Runnable schedule(Runnable task, long delayMillis) {
                ScheduledFuture<?> f = executor.schedule(guarded(task), delayMillis, TimeUnit.MILLISECONDS);
                return () -> f.cancel(false);
            }

            @Override
            public void execute(Runnable task) {
                if (!executor.isShutdown()) {
                    executor.execute(guarded(task));
                }
            }
        };
    }

    private Runnable guarded(Runnable task) {
        return failures.guard(task);
    }

    private ScribeTrees.Listener listener() {
        return new ScribeTrees.Listener() {
            @Override
            public void deliver(String groupId, String origin, byte[] data) {
                InterfaceContext c = context;
                if (c != null && hybrid.fromTree(groupId, data)) {
                    c.deliver(address(groupId), ByteBuffer.wrap(data), origin);
                }
            }

            @Override
            public void childJoined(String groupId, String child) {
                event(MembershipEventType.JOIN, groupId, child);
            }

            @Override
            public void childLeft(String groupId, String child) {
                event(MembershipEventType.LEAVE, groupId, child);
            }

            @Override
            public void newSource(String groupId, String origin) {
                event(MembershipEventType.NEW_SOURCE, groupId, origin);
            }

            @Override
            public void sendBufferAvailable() {
                InterfaceContext c = context;
                if (c != null) {
                    c.sendBufferAvailable();
                }
            }

            @Override
            public void slowEdge(String groupId, String peer) {
                log.warn("the edge to " + peer + " in tree " + groupId + " stayed full while others drained: it is slow, and its "
                        + "data is dropped until it drains");
            }

            @Override
            public void trace(String line) {
                log.info(line);
            }

            private void event(MembershipEventType type, String groupId, String peer) {
                InterfaceContext c = context;
                if (c != null) {
                    c.membershipEvent(type, address(groupId), peer);
                }
            }
        };
    }

    @Deactivate
    void deactivate() throws Exception {
        executor.execute(guarded(hybrid::close));
        // What the applications sent goes out before the Leaves: manifests signed, links drained, Pushes answered.
        try {
            trees.close(closeWaitMillis).get(closeWaitMillis + 2000, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            trees.close();
        }
        serving.close();
        crypto.shutdown();
        // Leaves to parents and children go out before the thread stops.
        executor.schedule(() -> {
        }, 300, TimeUnit.MILLISECONDS).get(2, TimeUnit.SECONDS);
        executor.shutdownNow();
    }

    /** The addresses of the groups in use, so that a delivery does not build and check a URI each time. */
    private static final Map<String, HamUri> ADDRESSES = new java.util.concurrent.ConcurrentHashMap<>();

    static HamUri address(String groupId) {
        HamUri a = ADDRESSES.get(groupId);
        if (a == null) {
            if (ADDRESSES.size() > 4096) {
                ADDRESSES.clear();
            }
            a = HamUri.of(Namespaces.RELOAD, groupId);
            ADDRESSES.put(groupId, a);
        }
        return a;
    }

    /** The group id of an address ({@code ham:reload:<hex>}); refuses anything else. */
    private static String groupId(HamUri address) {
        if (!Namespaces.RELOAD.equals(address.namespace()) || !GROUP_ID.matcher(address.group()).matches()) {
            throw new IllegalArgumentException(address + " is not an ALM group address (ham:reload:<32 hex digits>)");
        }
        return address.group();
    }

    ScribeTrees trees() {
        return trees;
    }

    /** The hybrid routes' state, read on the ALM thread. */
    List<String> hybridStatus() throws Exception {
        return executor.submit(hybrid::status).get(5, TimeUnit.SECONDS);
    }

    @Override
    public String technology() {
        return "alm";
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String address() {
        return overlay.nodeId() + "@" + overlay.overlayName();
    }

    @Override
    public void open(InterfaceContext ctx) {
        context = ctx;
    }

    @Override
    public void close() {
        context = null;
    }

    /** A ham:reload name that is already a group id stays as it is; every other name is hashed (its text is the session key). */
    @Override
    public Optional<HamUri> map(HamUri groupName) {
        HamUri name = groupName.groupName();
        if (Namespaces.RELOAD.equals(name.namespace()) && GROUP_ID.matcher(name.group()).matches()) {
            return Optional.of(name);
        }
        if (name.isWildcard()) {
            return Optional.empty();
        }
        String group = trees.groupId(name.toString());
        synchronized (sessionKeys) {
            sessionKeys.put(group, name.toString());
        }
        return Optional.of(address(group));
    }

    @Override
    public void join(HamUri address) {
        String group = groupId(address);
        String key;
        synchronized (sessionKeys) {
            key = sessionKeys.getOrDefault(group, "");
        }
        trees.join(group, key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        // The group's name (for the hybrid part): mapped here, or by a mapping service, which may have to ask the overlay.
        CompletableFuture.supplyAsync(() -> key.isEmpty() ? nameFromMappers(address) : key).whenComplete((name, e) -> {
            if (name != null && !name.isEmpty() && !executor.isShutdown()) {
                if (key.isEmpty()) {
                    trees.name(group, name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                executor.execute(guarded(() -> hybrid.joined(group, name)));
            }
        });
    }

    private String nameFromMappers(HamUri address) {
        InterfaceContext c = context;
        List<NameMapper> all = mappers;
        if (c == null || all == null) {
            return "";
        }
        InterfaceProperties self = new InterfaceProperties(c.interfaceIndex(), name, address(), "alm");
        for (NameMapper m : all) {
            try {
                Optional<HamUri> n = m.unmap(address, self);
                if (n.isPresent()) {
                    return n.get().toString();
                }
            } catch (RuntimeException e) {
                // another mapper may know it
            }
        }
        return "";
    }

    @Override
    public void leave(HamUri address) {
        String group = groupId(address);
        trees.leave(group);
        executor.execute(guarded(() -> hybrid.left(group)));
    }

    @Override
    public void registerSource(HamUri address) {
        trees.createTree(groupId(address), address.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void send(HamUri address, ByteBuffer payload, int ttl) throws SendBufferFullException {
        if (payload.remaining() > atomicSize) {
            throw new IllegalArgumentException("datagram of " + payload.remaining() + " bytes exceeds the atomic size " + atomicSize);
        }
        String group = groupId(address);
        if (!trees.acceptsSend(group)) {
            throw new SendBufferFullException("the tree of " + address + " is full: an edge's send buffer is above its high-water mark");
        }
        byte[] data = new byte[payload.remaining()];
        payload.duplicate().get(data);
        trees.send(group, data);
    }

    @Override
    public int atomicMessageSize() {
        return atomicSize;
    }

    @Override
    public int defaultTtl() {
        return 64;
    }

    private ScribeTrees.TreeView view(HamUri address) {
        String group = groupId(address);
        try {
            return trees.trees().get(1, TimeUnit.SECONDS).stream().filter(v -> v.group().equals(group)).findFirst().orElse(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return null;
        }
    }

    @Override
    public List<HamUri> parentSet(HamUri address) {
        ScribeTrees.TreeView v = view(address);
        return v == null || v.parent() == null ? List.of() : List.of(address(v.parent()));
    }

    @Override
    public List<HamUri> childrenSet(HamUri address) {
        ScribeTrees.TreeView v = view(address);
        return v == null ? List.of() : v.children().stream().map(AlmInterface::address).toList();
    }

    @Override
    public boolean designatedHost(HamUri address) {
        ScribeTrees.TreeView v = view(address);
        return v != null && v.root();
    }
}
