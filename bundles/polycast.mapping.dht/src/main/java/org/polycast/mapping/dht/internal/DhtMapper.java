package org.polycast.mapping.dht.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.polycast.api.HamUri;
import org.polycast.api.InterfaceProperties;
import org.polycast.api.Namespaces;
import org.polycast.api.overlay.OverlayClaims;
import org.polycast.api.overlay.OverlayService;
import org.polycast.api.overlay.OverlayValue;
import org.polycast.api.spi.NameMapper;

/**
 * Group Name → Group Address over the overlay: IP addresses from configured ranges (IPv4 ASM, IPv4
 * SSM for names whose instantiation is an IPv4 source, IPv6), allocated with {@link ClaimAllocator}
 * and kept by refreshing their leases; ALM group ids (the overlay hash of the name, as the ALM
 * technology computes them) recorded for the inverse mapping. Answers come from a cache; a name
 * not cached yet is allocated while the core waits (bounded by {@code waitMillis}, below the core's
 * call time limit). Without a joined overlay it answers nothing, and the core uses the
 * technologies' local deterministic rules.
 */
final class DhtMapper implements NameMapper {
    /** One allocation: a name's address in a range. */
    record Allocation(AllocationRange range, String name, InetAddress address, int probe) {
    }

    private record Key(String range, String name) {
    }

    private record Learned(String name, long at) {
    }

    private final AllocationRange ipv4;
    private final AllocationRange ipv4Ssm;
    private final AllocationRange ipv6;
    private final int portMin;
    private final int portMax;
    private final Duration lease;
    private final int maxProbes;
    private final long waitMillis;
    private final Runnable stale;
    private volatile OverlayService overlay;
    private volatile ClaimAllocator allocator;
    private final Map<Key, Allocation> allocations = new ConcurrentHashMap<>();
    /** Inverse answers known here: "range|address" or "alm:id" -> name. */
    private final Map<String, String> names = new ConcurrentHashMap<>();
    /** Inverse answers read from the overlay, trusted for a third of a lease (the holder may change after a lease ends). */
    private final Map<String, Learned> learned = new ConcurrentHashMap<>();
    /** ALM group ids this host mapped (renewed with the leases). */
    private final Map<String, String> almIds = new ConcurrentHashMap<>();
    private final Map<Key, CompletableFuture<Allocation>> pending = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

    DhtMapper(DhtMappingConfig config, Runnable stale) {
        this.ipv4 = AllocationRange.parse(config.ipv4Range());
        this.ipv4Ssm = AllocationRange.parse(config.ipv4SsmRange());
        this.ipv6 = AllocationRange.parse(config.ipv6Range());
        if (!ipv4.isIpv4() || !ipv4Ssm.isIpv4() || ipv6.isIpv4()) {
            throw new IllegalArgumentException("ipv4Range and ipv4SsmRange must be IPv4 prefixes, ipv6Range an IPv6 prefix");
        }
        String[] ports = config.ports().split("-");
        this.portMin = Integer.parseInt(ports[0].trim());
        this.portMax = ports.length > 1 ? Integer.parseInt(ports[1].trim()) : portMin;
        if (portMin < 1 || portMax > 65535 || portMax < portMin) {
            throw new IllegalArgumentException("ports '" + config.ports() + "' must be a range within 1-65535");
        }
        this.lease = Duration.ofSeconds(config.leaseSeconds());
        this.maxProbes = config.maxProbes();
        this.waitMillis = config.waitMillis();
        this.stale = stale;
    }

    /** The overlay came, went or changed: allocations made through another overlay are forgotten. */
    void overlay(OverlayService o) {
        if (o == overlay) {
            return;
        }
        overlay = o;
        allocator = o == null ? null : new ClaimAllocator(o, lease, maxProbes);
        allocations.clear();
        names.clear();
        learned.clear();
        almIds.clear();
        pending.clear();
        stale.run();
    }

    boolean ready() {
        OverlayService o = overlay;
        return o != null && o.joined();
    }

    @Override
    public Optional<HamUri> map(HamUri groupName, InterfaceProperties iface) {
        HamUri name = groupName.groupName();
        if (name.isWildcard() || !ready()) {
            return Optional.empty();
        }
        return switch (iface.technology()) {
            case "ip" -> Namespaces.IP.equals(name.namespace()) ? Optional.empty() : mapIp(name, iface);
            case "alm" -> Optional.of(mapAlm(name));
            default -> Optional.empty();
        };
    }

    private Optional<HamUri> mapIp(HamUri name, InterfaceProperties iface) {
        boolean v6 = iface.address() != null && iface.address().contains(":");
        InetAddress source = v6 ? null : name.instantiation().map(DhtMapper::ipv4Literal).orElse(null);
        AllocationRange range = v6 ? ipv6 : source != null ? ipv4Ssm : ipv4;
        Optional<Allocation> a = allocation(range, name.toString());
        if (a.isEmpty()) {
            return Optional.empty();
        }
        String group = a.get().address() instanceof Inet6Address ? "[" + a.get().address().getHostAddress() + "]" : a.get().address().getHostAddress();
        String src = source != null ? "@" + source.getHostAddress() : "";
        return Optional.of(HamUri.parse("ham:ip:" + group + src + ":" + port(name)));
    }

    /** The ALM group id is the overlay hash of the name; claimed in the background (and renewed) so that every host can map it back. */
    private HamUri mapAlm(HamUri name) {
        OverlayService o = overlay;
        String id = HexFormat.of().formatHex(o.resourceId(name.toString()));
        if (almIds.putIfAbsent(id, name.toString()) == null) {
            names.put("alm:" + id, name.toString());
            claimAlm(o, id, name.toString());
        }
        return HamUri.of(Namespaces.RELOAD, id);
    }

    private void claimAlm(OverlayService o, String id, String name) {
        o.store(OverlayClaims.KIND, almResource(o, id), List.of(OverlayValue.single(OverlayClaims.value(name.getBytes(StandardCharsets.UTF_8), new byte[0]))),
                lease).whenComplete((r, e) -> count(e == null ? "alm-ids-recorded" : "alm-id-record-failures"));
    }

    private static byte[] almResource(OverlayService o, String id) {
        return o.resourceId("polycast-map:alm:" + id);
    }

    /** The cached allocation, or a new one waited for; empty (and counted) if the overlay does not answer in time. */
    Optional<Allocation> allocation(AllocationRange range, String name) {
        Key key = new Key(range.text(), name);
        Allocation known = allocations.get(key);
        if (known != null) {
            return Optional.of(known);
        }
        ClaimAllocator a = allocator;
        if (a == null) {
            return Optional.empty();
        }
        CompletableFuture<Allocation> f = pending.computeIfAbsent(key, k -> a.allocate(range, name).thenApply(c -> {
            Allocation done = new Allocation(range, name, c.address(), c.probe());
            if (a == allocator) {
                allocations.put(key, done);
                names.put(range.text() + "|" + c.address().getHostAddress(), name);
            }
            count(c.probe() == 0 ? "allocated" : "allocated-after-collision");
            return done;
        }).whenComplete((v, e) -> {
            pending.remove(key);
            if (e != null) {
                count("allocation-failures");
            }
        }));
        try {
            return Optional.of(f.get(waitMillis, TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            count("allocation-timeouts");
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * The Group Name of an address this mapping gave out anywhere in the overlay: known here, or read
     * from the address's claim (waiting at most {@code waitMillis}), so that every host maps back alike.
     */
    @Override
    public Optional<HamUri> unmap(HamUri address, InterfaceProperties iface) {
        OverlayService o = overlay;
        ClaimAllocator a = allocator;
        if (o == null || a == null || !o.joined()) {
            return Optional.empty();
        }
        if (Namespaces.RELOAD.equals(address.namespace())) {
            String id = address.group();
            return known("alm:" + id, () -> o.fetch(OverlayClaims.KIND, almResource(o, id)).toCompletableFuture().thenApply(values -> values.stream()
                    .filter(OverlayValue::exists).map(v -> OverlayClaims.key(v.value())).filter(k -> k != null)
                    .map(k -> new String(k, StandardCharsets.UTF_8)).findFirst()));
        }
        if (!Namespaces.IP.equals(address.namespace())) {
            return Optional.empty();
        }
        String literal = address.group().startsWith("[") ? address.group().substring(1, address.group().length() - 1) : address.group();
        InetAddress group;
        try {
            group = InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            return Optional.empty();
        }
        for (AllocationRange r : List.of(ipv4, ipv4Ssm, ipv6)) {
            if (r.contains(group)) {
                return known(r.text() + "|" + group.getHostAddress(), () -> a.holder(r, group));
            }
        }
        return Optional.empty();
    }

    private Optional<HamUri> known(String key, java.util.function.Supplier<CompletableFuture<Optional<String>>> lookup) {
        String name = names.get(key);
        if (name == null) {
            Learned l = learned.get(key);
            name = l != null && System.nanoTime() - l.at() < lease.toNanos() / 3 ? l.name() : null;
        }
        if (name == null) {
            try {
                name = lookup.get().get(waitMillis, TimeUnit.MILLISECONDS).orElse(null);
            } catch (TimeoutException | ExecutionException e) {
                count("unmap-failures");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (name == null) {
                return Optional.empty();
            }
            if (learned.size() >= 65536) {
                learned.clear(); // bounded: answers are cheap to read again
            }
            learned.put(key, new Learned(name, System.nanoTime()));
        }
        try {
            return Optional.of(HamUri.parse(name));
        } catch (IllegalArgumentException e) {
            count("unmap-invalid-names");
            return Optional.empty();
        }
    }

    /** Renews every lease; an address that another name holds now is dropped, and the core told to map again. */
    void refresh() {
        ClaimAllocator a = allocator;
        if (a == null || !ready()) {
            return;
        }
        OverlayService o = overlay;
        almIds.forEach((id, name) -> claimAlm(o, id, name));
        for (Map.Entry<Key, Allocation> e : allocations.entrySet()) {
            Allocation al = e.getValue();
            a.claim(al.range(), al.address(), al.name()).whenComplete((ours, failure) -> {
                if (failure != null) {
                    count("refresh-failures");
                } else if (ours) {
                    count("refreshed");
                } else if (allocations.remove(e.getKey(), al)) {
                    names.remove(al.range().text() + "|" + al.address().getHostAddress(), al.name());
                    count("lost");
                    stale.run();
                }
            });
        }
    }

    List<Allocation> allocations() {
        return new ArrayList<>(allocations.values());
    }

    Map<String, Long> counters() {
        Map<String, Long> out = new java.util.TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    String ranges() {
        return "IPv4 " + ipv4.text() + ", IPv4 SSM " + ipv4Ssm.text() + ", IPv6 " + ipv6.text() + ", ports " + portMin + "-" + portMax + ", lease "
                + lease.toSeconds() + " s";
    }

    private void count(String what) {
        counters.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
    }

    private int port(HamUri name) {
        if (name.port().isPresent()) {
            return name.port().getAsInt();
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(name.toString().getBytes(StandardCharsets.UTF_8));
            return portMin + (((h[0] & 0xff) << 8) | (h[1] & 0xff)) % (portMax - portMin + 1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InetAddress ipv4Literal(String text) {
        if (!text.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return null;
        }
        try {
            InetAddress a = InetAddress.getByName(text);
            return a instanceof Inet4Address && !a.isMulticastAddress() ? a : null;
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }
}
