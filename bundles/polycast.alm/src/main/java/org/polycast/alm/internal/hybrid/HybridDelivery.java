package org.polycast.alm.internal.hybrid;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.polycast.alm.internal.tree.ScribeTrees;
import org.polycast.api.DirectMessageListener;
import org.polycast.api.HamUri;
import org.polycast.api.MulticastService;
import org.polycast.api.MulticastSocket;
import org.polycast.api.overlay.OverlayService;

/**
 * Hybrid ALM (the seed slides' sec. 4.2 and 4.4; no RFC defines it): trees that take native multicast
 * through AMT where it serves a member better.
 * <ul>
 * <li>A region border (a peer with {@code hybridAmtRelay}: it bridges its groups into a native region,
 * with polycast.gateway, where that AMT relay runs) advertises the relay at the group id of every group
 * it joins (kind {@code alm-amt-relay}).</li>
 * <li>A member that finds such an advertisement asks the tunnelling technology ({@code RelayTunnels}, the AMT
 * bundle's, through the registry) for a tunnel Interface to the relay (not a default Interface: it serves this ALM
 * Interface only; one per relay), joins the group name through it with a socket of its own, and delivers the first copy of
 * each message, whichever path brought it. Once the AMT path has been first {@code switchAfter}
 * times in a row, the member leaves the tree (measured latency); when AMT stays silent for
 * {@code silenceMillis}, it joins the tree again (availability).</li>
 * <li>A forwarder on the tree (a peer on the join path, not a member) below the advertising border (the
 * slides' "next hop is a peer in NM with AMT-R") does the same for its subtree: it joins through AMT as
 * well and passes each message down once, whichever path brought it first (an AMT copy goes down as a
 * message of its own, the tree's copy of it is then stopped). Only below the border: native data enters
 * the tree there, so it reaches such a forwarder from above and nowhere inside its subtree, where a copy
 * with another origin would be a duplicate. It keeps its place on the tree (data from its subtree must
 * still go up): the subtree gains latency, the overlay saves nothing.</li>
 * <li>Every peer with a region stores what it can do at the hash of {@code polycast-region:NAME}
 * (kind {@code alm-region}).</li>
 * <li>A peer with {@code hybridRegionGateway} is the AMT gateway of its region (the slides' P-AMT-GW, which makes
 * the region an "AMT-GW region"; {@link RegionGateway}). A member of that region that finds it takes its other path
 * natively in the region instead of through an AMT gateway of its own (it names the group in {@code wants=} of its
 * region entry, and the region gateway carries the relay's data into the region), and chooses between that and the
 * tree as above.</li>
 * </ul>
 * Without an advertisement (the slides' "no peer in the tree has AMT": ALM only), nothing changes.
 * State lives on the ALM thread ({@code executor}); the AMT socket's listener hands over to it.
 */
public final class HybridDelivery {
    private static final long REFRESH_MILLIS = 60_000;
    private static final long FETCH_RETRY_MILLIS = 5_000;
    /** Fetches of the region's entries that found no gateway, at most, before a member takes AMT itself. */
    private static final int EMPTY_REGION_FETCHES = 3;
    private static final long EMPTY_REGION_RETRY_MILLIS = 1_000;
    /**
     * How long a message's first arrival is remembered beyond the silence that ends AMT delivery, to drop its copy from the
     * other path: the tree's replay after a fallback reaches back to the last AMT message and a little before (at most 15 s).
     */
    private static final long COPY_MARGIN_MILLIS = 15_000;
    private static final int MAX_REMEMBERED = 100_000;
    /** The {@code wants=} list stays within the region kind's 4,096-octet values. */
    private static final int MAX_WANTS_CHARS = 3_500;

    /** Where data goes that this peer should deliver. */
    public interface Sink {
        void deliver(String groupId, byte[] data, String source);
    }

    /** An Interface through which a relay's multicast arrives: its technology and name as the runtime lists them. */
    public record Tunnel(String technology, String interfaceName) {
    }

    /** What the hybrid part needs of the framework: the Polycast API and a tunnelling technology, either may be absent. */
    public interface Services {
        MulticastService multicast();

        /**
         * The tunnel to a relay, opened on the first call (its Interface appears shortly after); empty when no technology
         * offers tunnels.
         *
         * @throws IllegalArgumentException or IllegalStateException when the provider refuses the relay
         */
        java.util.Optional<Tunnel> tunnel(String relay);
    }

    /**
     * The settings taken from the ALM configuration. {@code regionGateway}: this peer is its region's AMT gateway, sending
     * into the ip Interface named {@code regionInterface}; otherwise {@code regionInterface} is a glob on the ip Interfaces
     * where a member receives its region gateway's data (empty: all). {@code switchAfter} 0: members stay on the tree
     * alone; {@code forwarders}: a forwarder below the border takes the relay for its subtree (independent of that).
     */
    public record Settings(String region, String amtRelay, int switchAfter, long silenceMillis, boolean regionGateway, String regionInterface,
            boolean forwarders) {
        public Settings(String region, String amtRelay, int switchAfter, long silenceMillis) {
            this(region, amtRelay, switchAfter, silenceMillis, false, "", true);
        }
    }

    /** Where a message came from: the tree, or the path beside it (this peer's AMT gateway or its region's). */
    private enum Path {
        TREE, OTHER
    }

    private record Arrival(Path path, long at) {
    }

    /** A joined group as this member sees it, or a group this peer forwards for others. */
    private static final class Route {
        final String group;
        /** The group's name (a forwarder may learn it from the advertisement only). */
        String name;
        /** Not a member: AMT data goes to the subtree, not to the application. */
        boolean forwarder;
        int children;
        List<String> ancestors = List.of();
        String relay;
        /** The border that advertised the relay (its Node-ID). */
        String relayPeer;
        String relayRegion;
        /** The socket of the other path: through AMT, or native in the region ({@code regionGateway} set). */
        MulticastSocket amt;
        /** The region gateway whose native data this member takes (its Node-ID), instead of an AMT gateway of its own. */
        String regionGateway;
        boolean viaAmt;
        int amtStreak;
        long amtFirst;
        long treeFirst;
        long leadSumMillis;
        long lastAmtAt;
        /** When the member last went back onto the tree: older AMT arrivals meet their replayed copies, which prove nothing. */
        long fallbackAt;
        long nextFetchAt;
        long nextAdvertiseAt;
        final Map<Long, Arrival> recent = new LinkedHashMap<>();

        Route(String group, String name) {
            this.group = group;
            this.name = name;
        }
    }

    private final OverlayService overlay;
    private final ScribeTrees trees;
    private final Executor executor;
    private final Supplier<Long> clock;
    private final Services services;
    private final Settings settings;
    private final Sink sink;
    private final Map<String, Route> routes = new HashMap<>();
    private final HybridCounters counters = new HybridCounters();
    private final HybridDirectory directory;
    private final RegionGateway regionGateway;
    private String amtRole = "none";
    private long nextRegionAt;
    /** The region's gateway as last fetched (null: none); {@code regionChecked}: fetched at least once. */
    private String regionGatewayPeer;
    private boolean regionChecked;
    private boolean regionFetching;
    private int emptyRegionFetches;
    private long nextRegionFetchAt;

    public HybridDelivery(OverlayService overlay, ScribeTrees trees, Executor executor, Supplier<Long> clock, Services services, Settings settings,
            Sink sink) {
        this.overlay = overlay;
        this.trees = trees;
        this.executor = executor;
        this.clock = clock;
        this.services = services;
        this.settings = settings;
        this.sink = sink;
        this.directory = new HybridDirectory(overlay, counters);
        if (!settings.amtRelay().isEmpty()) {
            amtRole = "relay";
        } else if (settings.regionGateway()) {
            amtRole = "region-gateway";
        }
        this.regionGateway = settings.regionGateway() && !settings.region().isEmpty()
                ? new RegionGateway(directory, counters, executor, clock, services, settings.region(), settings.regionInterface(), trees::groupId)
                : null;
        trees.gate(this::passOn);
    }

    private boolean border() {
        return !settings.amtRelay().isEmpty();
    }

    private void count(String name) {
        counters.count(name);
    }

    // ------------------------------------------------------------------ membership (on the ALM thread)

    /** This peer joined a group as a member; {@code name} is the group name's text (empty if unknown). */
    public void joined(String group, String name) {
        Route known = routes.get(group);
        if (known != null) {
            if (known.forwarder) {
                // A forwarder that became a member keeps its AMT path, now for itself; what AMT brought before was passed down
                // only, so it must not count as delivered here.
                known.forwarder = false;
                known.recent.clear();
            }
            return;
        }
        if (name.isEmpty()) {
            return;
        }
        routes.put(group, new Route(group, name));
        tick();
    }

    public void left(String group) {
        Route r = routes.remove(group);
        if (r == null) {
            return;
        }
        closeAmt(r);
        if (border()) {
            directory.storeRelay(group, null);
        }
    }

    /** Called every second on the ALM thread: fetches, advertisements, the AMT socket, silence. */
    public void tick() {
        long now = clock.get();
        if (!settings.region().isEmpty() && now >= nextRegionAt && overlay.joined()) {
            nextRegionAt = now + REFRESH_MILLIS;
            directory.storeRegion(settings.region(), regionEntry());
        }
        if (regionGateway != null) {
            regionGateway.tick();
        }
        if (!border() && settings.forwarders()) {
            followForwarding();
        }
        if (!border() && settings.switchAfter() > 0) {
            checkRegion(now);
        }
        for (Route r : new ArrayList<>(routes.values())) {
            r.recent.values().removeIf(a -> now - a.at() > settings.silenceMillis() + COPY_MARGIN_MILLIS);
            if (border()) {
                if (now >= r.nextAdvertiseAt && overlay.joined()) {
                    r.nextAdvertiseAt = now + REFRESH_MILLIS;
                    directory.storeRelay(r.group, "relay=" + settings.amtRelay() + " region=" + settings.region() + " name=" + r.name);
                }
                continue;
            }
            if (r.forwarder ? !settings.forwarders() : settings.switchAfter() <= 0) {
                continue;
            }
            if (r.relay == null) {
                if (now >= r.nextFetchAt && overlay.joined()) {
                    r.nextFetchAt = now + FETCH_RETRY_MILLIS;
                    fetchRelay(r);
                }
            } else if (r.forwarder && !relayAbove(r)) {
                closeAmt(r); // the border is not (or no longer) above us: AMT copies could duplicate data of our own subtree
            } else if (r.amt == null) {
                openAmt(r);
            } else if (r.viaAmt && now - r.lastAmtAt > settings.silenceMillis()) {
                // The other path went quiet: back onto the tree, asking the new parent for what passed since the last AMT
                // message (copies of what AMT did bring are dropped); if the group is merely idle, the next data decides again.
                count("fallbacks-to-tree");
                r.viaAmt = false;
                r.amtStreak = 0;
                r.fallbackAt = now;
                trees.join(r.group, r.name.getBytes(StandardCharsets.UTF_8), r.lastAmtAt);
            }
        }
    }

    /** Opens a route for each tree this peer forwards on without being a member, and closes those it no longer forwards on. */
    private void followForwarding() {
        Map<String, ScribeTrees.Forwarding> now = new HashMap<>();
        trees.forwarding().forEach(f -> now.put(f.group(), f));
        for (ScribeTrees.Forwarding f : now.values()) {
            Route r = routes.get(f.group());
            if (r == null) {
                r = new Route(f.group(), f.name());
                r.forwarder = true;
                routes.put(f.group(), r);
                count("forwarder-routes");
            }
            r.children = f.children();
            r.ancestors = f.ancestors();
        }
        for (var i = routes.values().iterator(); i.hasNext(); ) {
            Route r = i.next();
            if (r.forwarder && !now.containsKey(r.group)) {
                closeAmt(r);
                i.remove();
            }
        }
    }

    /** This peer's entry in its region: what it can do and the groups it wants through the region's gateway. */
    private String regionEntry() {
        StringBuilder wants = new StringBuilder();
        for (Route r : routes.values()) {
            if (r.regionGateway != null && wants.length() + r.name.length() < MAX_WANTS_CHARS) {
                wants.append(wants.length() == 0 ? " wants=" : "|").append(r.name);
            }
        }
        return "native=" + border() + " amt=" + amtRole + (border() ? " relay=" + settings.amtRelay() : "") + wants;
    }

    /** Looks for the region's gateway while a member's route still has to choose its other path. */
    private void checkRegion(long now) {
        if (settings.region().isEmpty() || settings.regionGateway() || regionFetching || now < nextRegionFetchAt || !overlay.joined()
                || routes.values().stream().noneMatch(r -> !r.forwarder && r.amt == null)) {
            return;
        }
        nextRegionFetchAt = now + FETCH_RETRY_MILLIS;
        regionFetching = true;
        directory.fetchRegion(settings.region()).whenComplete((entries, e) -> executor.execute(() -> {
            regionFetching = false;
            if (e != null) {
                count("region-fetches-failed");
                return;
            }
            regionGatewayPeer = entries.stream().filter(HybridDirectory.RegionEntry::regionGateway).map(HybridDirectory.RegionEntry::peer).findFirst()
                    .orElse(null);
            if (regionGatewayPeer == null && ++emptyRegionFetches < EMPTY_REGION_FETCHES) {
                // None yet: a peer that just joined may be the region's responsible peer before its entries reach it. Ask
                // again shortly before going through AMT alone (the tree delivers meanwhile).
                nextRegionFetchAt = clock.get() + EMPTY_REGION_RETRY_MILLIS;
                return;
            }
            regionChecked = true;
        }));
    }

    private void fetchRelay(Route r) {
        directory.fetchRelay(r.group).whenComplete((ad, e) -> executor.execute(() -> {
            if (e != null) {
                count("relay-fetches-failed");
            }
            if (e != null || routes.get(r.group) != r || r.relay != null) {
                return;
            }
            count("relay-fetches");
            if (ad.isPresent() && r.name.isEmpty() && ad.get().name().isEmpty()) {
                count("relays-without-name"); // nothing to join through AMT
            } else if (ad.isPresent()) {
                if (r.name.isEmpty()) {
                    r.name = ad.get().name(); // a forwarder on a Join without the session key: the border named the group
                }
                r.relay = ad.get().relay();
                r.relayPeer = ad.get().peer();
                r.relayRegion = ad.get().region();
                count("relays-found");
                if (!r.forwarder || relayAbove(r)) {
                    openAmt(r);
                }
            }
        }));
    }

    /** A forwarder's route may use AMT only while the advertising border is one of its ancestors. */
    private static boolean relayAbove(Route r) {
        return r.relayPeer != null && r.ancestors.contains(r.relayPeer);
    }

    /**
     * Opens the path beside the tree: natively in the region when the region has a gateway (and this member is not it),
     * else through this peer's own AMT gateway (configured first if there is none). A forwarder uses its own AMT gateway.
     */
    private void openAmt(Route r) {
        MulticastService service = services.multicast();
        if (service == null) {
            return;
        }
        boolean regional = !r.forwarder && !settings.region().isEmpty() && !settings.regionGateway();
        if (regional && !regionChecked) {
            return; // the region's entries are not known yet; the next tick decides
        }
        DirectMessageListener listener = m -> {
            byte[] data = m.payload();
            String source = m.source().orElse(null);
            executor.execute(() -> fromAmt(r, data, source));
        };
        try {
            if (regional && regionGatewayPeer != null) {
                r.amt = PathSockets.joinNative(service, settings.regionInterface(), HamUri.parse(r.name), listener, counters);
                if (r.amt != null) {
                    r.regionGateway = regionGatewayPeer;
                    nextRegionAt = 0; // names the group in this peer's region entry at the next tick: the region gateway then carries it
                }
            } else {
                r.amt = PathSockets.joinAmt(service, services, counters, r.relay, HamUri.parse(r.name), listener);
                if (r.amt != null) {
                    amtRole = "gateway";
                }
            }
        } catch (RuntimeException e) {
            count("amt-join-failed");
        }
        if (r.amt != null) {
            r.lastAmtAt = clock.get();
        }
    }

    private void closeAmt(Route r) {
        PathSockets.close(r.amt, counters);
        r.amt = null;
        if (r.regionGateway != null) {
            r.regionGateway = null;
            nextRegionAt = 0;
        }
    }

    // ------------------------------------------------------------------ data (on the ALM thread)

    /** Data from the tree for a group; true if it is the first copy (deliver it), false if AMT brought it already. */
    public boolean fromTree(String group, byte[] data) {
        Route r = routes.get(group);
        if (r == null || r.amt == null || r.forwarder) {
            return true;
        }
        long now = clock.get();
        Arrival earlier = r.recent.get(key(data, 0));
        if (earlier == null || earlier.path() == Path.TREE) {
            // New (the same content twice on one path is two messages).
            remember(r, key(data, 0), new Arrival(Path.TREE, now));
            return true;
        }
        r.recent.remove(key(data, 0));
        if (earlier.at() < r.fallbackAt) {
            count("replayed-copies-dropped");
            return false;
        }
        r.amtFirst++;
        r.amtStreak++;
        r.leadSumMillis += now - earlier.at();
        if (!r.viaAmt && r.amtStreak >= settings.switchAfter()) {
            // Native delivery through the relay (by AMT or the region) has been faster every time lately: take it alone and leave the tree.
            count(r.regionGateway == null ? "switches-to-amt" : "switches-to-region");
            r.viaAmt = true;
            trees.leave(group);
        }
        count("copies-dropped");
        return false;
    }

    private void fromAmt(Route r, byte[] data, String source) {
        if (routes.get(r.group) != r) {
            return;
        }
        long now = clock.get();
        r.lastAmtAt = now;
        count(r.regionGateway == null ? "amt-messages" : "region-messages");
        Arrival earlier = r.recent.get(key(data, 0));
        if (earlier == null || earlier.path() == Path.OTHER) {
            remember(r, key(data, 0), new Arrival(Path.OTHER, now));
            if (r.forwarder && relayAbove(r)) {
                count("amt-passed-down");
                trees.inject(r.group, data);
            } else if (!r.forwarder) {
                sink.deliver(r.group, data, source);
            }
            return;
        }
        r.recent.remove(key(data, 0));
        r.treeFirst++;
        r.amtStreak = 0;
        r.leadSumMillis -= now - earlier.at();
        count("copies-dropped");
    }

    /**
     * The tree's gate for a forwarder's routes: a message from above whose content AMT brought first was passed down
     * already; everything else goes on (and is remembered, so that its AMT copy is not passed down again).
     */
    private boolean passOn(String group, byte[] payload, int offset, boolean fromAbove) {
        Route r = routes.get(group);
        if (r == null || !r.forwarder || r.amt == null || !relayAbove(r)) {
            return true;
        }
        long now = clock.get();
        long key = key(payload, offset);
        Arrival earlier = r.recent.get(key);
        if (earlier == null || earlier.path() == Path.TREE) {
            remember(r, key, new Arrival(Path.TREE, now));
            return true;
        }
        if (!fromAbove) {
            return true;
        }
        r.recent.remove(key);
        r.amtFirst++;
        r.leadSumMillis += now - earlier.at();
        count("copies-dropped");
        return false;
    }

    private static void remember(Route r, long key, Arrival a) {
        r.recent.remove(key); // re-inserted last: the map stays in arrival order
        r.recent.put(key, a);
        if (r.recent.size() > MAX_REMEMBERED) {
            r.recent.remove(r.recent.keySet().iterator().next());
        }
    }

    /** The content of a message (from {@code offset}) as far as telling its two copies apart goes: length and CRC-32C. */
    private static long key(byte[] data, int offset) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(data, offset, data.length - offset);
        return (long) (data.length - offset) << 32 | crc.getValue();
    }

    public void close() {
        routes.values().forEach(this::closeAmt);
        routes.clear();
        if (regionGateway != null) {
            regionGateway.close();
        }
    }

    // ------------------------------------------------------------------ status

    /** One line per joined group with a hybrid route, and the counters (called on the ALM thread). */
    public List<String> status() {
        List<String> out = new ArrayList<>();
        if (border()) {
            out.add("hybrid: region border, advertising AMT relay " + settings.amtRelay() + " (region " + settings.region() + ") for " + routes.size()
                    + " groups");
        }
        if (regionGateway != null) {
            out.addAll(regionGateway.status());
        }
        for (Route r : routes.values()) {
            if (r.relay == null) {
                continue;
            }
            long compared = r.amtFirst + r.treeFirst;
            // "AMT" for this peer's own gateway; "region" when the region's gateway carries the data natively.
            String path = r.regionGateway == null ? "AMT" : "region";
            String where = r.forwarder ? "forwarding for " + r.children + " children" : r.viaAmt ? "via " + path + " (left the tree)" : "on the tree";
            out.add("hybrid " + r.name + ": relay " + r.relay + " (region " + r.relayRegion + "), " + where
                    + (r.regionGateway == null ? "" : ", region gateway " + r.regionGateway)
                    + (r.amt == null ? ", AMT not joined yet" : ", " + path + " joined") + "; " + path + " first " + r.amtFirst + " of " + compared
                    + (compared == 0 ? "" : ", mean lead " + r.leadSumMillis / compared + " ms"));
        }
        out.add(counters.line());
        return out;
    }
}
