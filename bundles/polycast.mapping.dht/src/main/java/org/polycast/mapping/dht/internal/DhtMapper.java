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
import org.polycast.api.overlay.OverlayService;
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
    private final Map<String, String> names = new ConcurrentHashMap<>();
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

    /** The ALM group id is the overlay hash of the name; claimed in the background so that it can be mapped back. */
    private HamUri mapAlm(HamUri name) {
        OverlayService o = overlay;
        String id = HexFormat.of().formatHex(o.resourceId(name.toString()));
        if (names.putIfAbsent("alm:" + id, name.toString()) == null) {
            o.store(org.polycast.api.overlay.OverlayClaims.KIND, o.resourceId("polycast-map:alm:" + id),
                    List.of(org.polycast.api.overlay.OverlayValue.single(org.polycast.api.overlay.OverlayClaims.value(
                            name.toString().getBytes(StandardCharsets.UTF_8), new byte[0]))), lease);
        }
        return HamUri.of(Namespaces.RELOAD, id);
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

    @Override
    public Optional<HamUri> unmap(HamUri address, InterfaceProperties iface) {
        if (Namespaces.RELOAD.equals(address.namespace())) {
            return Optional.ofNullable(names.get("alm:" + address.group())).map(HamUri::parse);
        }
        if (!Namespaces.IP.equals(address.namespace())) {
            return Optional.empty();
        }
        String literal = address.group().startsWith("[") ? address.group().substring(1, address.group().length() - 1) : address.group();
        for (AllocationRange r : List.of(ipv4, ipv4Ssm, ipv6)) {
            String name = names.get(r.text() + "|" + literal);
            if (name != null) {
                return Optional.of(HamUri.parse(name));
            }
        }
        return Optional.empty();
    }

    /** Renews every lease; an address that another name holds now is dropped, and the core told to map again. */
    void refresh() {
        ClaimAllocator a = allocator;
        if (a == null || !ready()) {
            return;
        }
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
