package org.polycast.alm.internal.hybrid;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

import org.polycast.api.DirectMessageListener;
import org.polycast.api.HamUri;
import org.polycast.api.InterfaceProperties;
import org.polycast.api.MulticastService;
import org.polycast.api.MulticastSocket;

/**
 * A peer acting as AMT gateway for its region (the slides' P-AMT-GW; the region is then an "AMT-GW region"): it
 * reads which groups the other peers of its region want ({@code wants=} in their {@code alm-region} entries),
 * joins each through the relay advertised for it, and sends what arrives into the region's native multicast on
 * its region Interface. One tunnel serves the whole region; the members there receive natively and choose
 * between that and the tree as they would with their own AMT gateway.
 * It is not on the tree for these groups: it only carries the relay's data into the region.
 * State lives on the ALM thread ({@code executor}).
 */
final class RegionGateway {
    private static final long FETCH_MILLIS = 5_000;
    /** Any peer of the overlay can name itself a member of the region: a bound on the tunnels it can make this peer open. */
    static final int MAX_SERVED = 64;

    /** A group this peer carries into its region. */
    private static final class Served {
        final String name;
        final String group;
        String relay;
        MulticastSocket amt;
        MulticastSocket region;
        long carried;
        long nextFetchAt;

        Served(String name, String group) {
            this.name = name;
            this.group = group;
        }
    }

    private final HybridDirectory directory;
    private final HybridCounters counters;
    private final Executor executor;
    private final Supplier<Long> clock;
    private final HybridDelivery.Services services;
    private final String region;
    private final String regionInterface;
    private final Function<String, String> groupIds;
    private final Map<String, Served> served = new HashMap<>();
    private long nextRegionFetchAt;
    private boolean fetching;

    /** {@code groupIds}: a group name's ALM group id (the relay is advertised there). */
    RegionGateway(HybridDirectory directory, HybridCounters counters, Executor executor, Supplier<Long> clock, HybridDelivery.Services services,
            String region, String regionInterface, Function<String, String> groupIds) {
        this.directory = directory;
        this.counters = counters;
        this.executor = executor;
        this.clock = clock;
        this.services = services;
        this.region = region;
        this.regionInterface = regionInterface;
        this.groupIds = groupIds;
    }

    /** Called every second on the ALM thread. */
    void tick() {
        long now = clock.get();
        if (!fetching && now >= nextRegionFetchAt && directory.ready()) {
            nextRegionFetchAt = now + FETCH_MILLIS;
            fetching = true;
            directory.fetchRegion(region).whenComplete((entries, e) -> executor.execute(() -> {
                fetching = false;
                if (e != null) {
                    counters.count("region-fetches-failed");
                    return;
                }
                Set<String> wanted = new HashSet<>();
                entries.forEach(entry -> wanted.addAll(entry.wants()));
                follow(wanted);
            }));
        }
        for (Served s : served.values()) {
            if (s.relay == null && now >= s.nextFetchAt && directory.ready()) {
                s.nextFetchAt = now + FETCH_MILLIS;
                directory.fetchRelay(s.group).whenComplete((ad, e) -> executor.execute(() -> {
                    if (e == null && ad.isPresent() && served.get(s.name) == s) {
                        s.relay = ad.get().relay();
                        counters.count("region-relays-found");
                    }
                }));
            } else if (s.relay != null && (s.amt == null || s.region == null)) {
                open(s);
            }
        }
    }

    /** Serves exactly the groups some peer of the region wants now; the entries of peers that are gone expire. */
    private void follow(Set<String> wanted) {
        for (String name : wanted) {
            if (!served.containsKey(name) && served.size() >= MAX_SERVED) {
                counters.count("region-wants-over-limit");
            } else if (!served.containsKey(name) && valid(name)) {
                served.put(name, new Served(name, groupIds.apply(name)));
                counters.count("region-groups-served");
            }
        }
        for (var i = served.values().iterator(); i.hasNext(); ) {
            Served s = i.next();
            if (!wanted.contains(s.name)) {
                close(s);
                i.remove();
                counters.count("region-groups-dropped");
            }
        }
    }

    private boolean valid(String name) {
        try {
            HamUri.parse(name);
            return true;
        } catch (IllegalArgumentException e) {
            counters.count("region-wants-invalid");
            return false;
        }
    }

    private void open(Served s) {
        MulticastService service = services.multicast();
        if (service == null) {
            return;
        }
        List<Integer> out = new ArrayList<>();
        for (InterfaceProperties i : service.interfaces()) {
            if ("ip".equals(i.technology()) && i.name().equals(regionInterface)) {
                out.add(i.index());
            }
        }
        if (out.isEmpty()) {
            counters.count("region-interface-missing");
            return;
        }
        try {
            if (s.region == null) {
                s.region = service.createSocket(out);
            }
            if (s.amt == null) {
                s.amt = PathSockets.joinAmt(service, services, counters, s.relay, HamUri.parse(s.name), (DirectMessageListener) m -> {
                    byte[] data = m.payload();
                    executor.execute(() -> carry(s, data));
                });
            }
        } catch (RuntimeException e) {
            counters.count("region-open-failed");
        }
    }

    private void carry(Served s, byte[] data) {
        if (served.get(s.name) != s || s.region == null) {
            return;
        }
        try {
            s.region.send(HamUri.parse(s.name), data);
            s.carried++;
            counters.count("region-carried");
        } catch (RuntimeException e) {
            counters.count("region-send-failed");
        }
    }

    private void close(Served s) {
        PathSockets.close(s.amt, counters);
        PathSockets.close(s.region, counters);
        s.amt = null;
        s.region = null;
    }

    void close() {
        served.values().forEach(this::close);
        served.clear();
    }

    List<String> status() {
        List<String> out = new ArrayList<>();
        out.add("hybrid: AMT gateway for region " + region + " (into Interface " + regionInterface + "), " + served.size() + " groups wanted");
        for (Served s : served.values()) {
            out.add("region gateway " + s.name + ": relay " + (s.relay == null ? "not found yet" : s.relay)
                    + (s.amt == null ? ", AMT not joined yet" : ", AMT joined") + ", carried " + s.carried);
        }
        return out;
    }
}
