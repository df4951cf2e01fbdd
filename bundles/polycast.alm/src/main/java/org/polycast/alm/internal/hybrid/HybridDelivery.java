package org.polycast.alm.internal.hybrid;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import org.polycast.alm.internal.tree.ScribeTrees;
import org.polycast.api.DirectMessageListener;
import org.polycast.api.HamUri;
import org.polycast.api.InterfaceProperties;
import org.polycast.api.MulticastService;
import org.polycast.api.MulticastSocket;
import org.polycast.api.overlay.OverlayService;
import org.polycast.api.overlay.OverlayValue;

/**
 * Hybrid ALM (the seed slides' sec. 4.2 and 4.4; no RFC defines it): trees that take native multicast
 * through AMT where it serves a member better.
 * <ul>
 * <li>A region border (a peer with {@code hybridAmtRelay}: it bridges its groups into a native region,
 * with polycast.gateway, where that AMT relay runs) advertises the relay at the group id of every group
 * it joins (kind {@code alm-amt-relay}).</li>
 * <li>A member that finds such an advertisement configures an AMT gateway Interface for the relay
 * ({@code org.polycast.amt.gateway~hybrid}, not a default Interface: it serves this ALM Interface
 * only), joins the group name through it with a socket of its own, and delivers the first copy of
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
 * </ul>
 * Without an advertisement (the slides' "no peer in the tree has AMT": ALM only), nothing changes.
 * State lives on the ALM thread ({@code executor}); the AMT socket's listener hands over to it.
 */
public final class HybridDelivery {
    public static final String RELAY_KIND = "alm-amt-relay";
    public static final String REGION_KIND = "alm-region";
    static final String GATEWAY_FACTORY_PID = "org.polycast.amt.gateway";
    static final String GATEWAY_NAME = "amt-hybrid";
    private static final Duration ADVERTISEMENT_LIFETIME = Duration.ofSeconds(180);
    private static final long REFRESH_MILLIS = 60_000;
    private static final long FETCH_RETRY_MILLIS = 5_000;
    /**
     * How long a message's first arrival is remembered beyond the silence that ends AMT delivery, to drop its copy from the
     * other path: the tree's replay after a fallback reaches back to the last AMT message and a little before (at most 15 s).
     */
    private static final long COPY_MARGIN_MILLIS = 15_000;
    private static final int MAX_REMEMBERED = 100_000;

    /** Where data goes that this peer should deliver. */
    public interface Sink {
        void deliver(String groupId, byte[] data, String source);
    }

    /** What the hybrid part needs of the framework: the Polycast API and ConfigAdmin, either may be absent. */
    public interface Services {
        MulticastService multicast();

        /** Creates (or keeps) the AMT gateway configuration for a relay; false if ConfigAdmin is not there. */
        boolean configureAmtGateway(String relay) throws Exception;
    }

    /** The settings taken from the ALM configuration. */
    public record Settings(String region, String amtRelay, int switchAfter, long silenceMillis) {
    }

    private enum Path {
        TREE, AMT
    }

    private record Arrival(Path path, long at) {
    }

    /** A joined group as this member sees it, or a group this peer forwards for others. */
    private final class Route {
        final String group;
        final String name;
        /** Not a member: AMT data goes to the subtree, not to the application. */
        boolean forwarder;
        int children;
        List<String> ancestors = List.of();
        String relay;
        /** The border that advertised the relay (its Node-ID). */
        String relayPeer;
        String relayRegion;
        MulticastSocket amt;
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
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private String amtRole = "none";
    private long nextRegionAt;

    public HybridDelivery(OverlayService overlay, ScribeTrees trees, Executor executor, Supplier<Long> clock, Services services, Settings settings,
            Sink sink) {
        this.overlay = overlay;
        this.trees = trees;
        this.executor = executor;
        this.clock = clock;
        this.services = services;
        this.settings = settings;
        this.sink = sink;
        if (!settings.amtRelay().isEmpty()) {
            amtRole = "relay";
        }
        trees.gate(this::passOn);
    }

    private boolean border() {
        return !settings.amtRelay().isEmpty();
    }

    private void count(String name) {
        counters.computeIfAbsent(name, n -> new LongAdder()).increment();
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
            store(RELAY_KIND, HexFormat.of().parseHex(group), null);
        }
    }

    /** Called every second on the ALM thread: fetches, advertisements, the AMT socket, silence. */
    public void tick() {
        long now = clock.get();
        if (!settings.region().isEmpty() && now >= nextRegionAt && overlay.joined()) {
            nextRegionAt = now + REFRESH_MILLIS;
            store(REGION_KIND, overlay.resourceId("polycast-region:" + settings.region()), "native=" + border() + " amt=" + amtRole
                    + (border() ? " relay=" + settings.amtRelay() : ""));
        }
        if (!border() && settings.switchAfter() > 0) {
            followForwarding();
        }
        for (Route r : new ArrayList<>(routes.values())) {
            r.recent.values().removeIf(a -> now - a.at() > settings.silenceMillis() + COPY_MARGIN_MILLIS);
            if (border()) {
                if (now >= r.nextAdvertiseAt && overlay.joined()) {
                    r.nextAdvertiseAt = now + REFRESH_MILLIS;
                    store(RELAY_KIND, HexFormat.of().parseHex(r.group), "relay=" + settings.amtRelay() + " region=" + settings.region() + " name=" + r.name);
                }
                continue;
            }
            if (settings.switchAfter() <= 0) {
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
                // The native path went quiet: back onto the tree, asking the new parent for what passed since the last AMT
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

    private void store(String kind, byte[] resource, String value) {
        if (!overlay.kinds().contains(kind)) {
            count("kind-missing-" + kind);
            return;
        }
        byte[] key = overlay.nodeId().getBytes(StandardCharsets.US_ASCII);
        OverlayValue entry = OverlayValue.dictionaryEntry(key, value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8));
        overlay.store(kind, resource, List.of(value == null ? entry.removal() : entry), ADVERTISEMENT_LIFETIME)
                .whenComplete((a, e) -> count(e == null ? "stored-" + kind : "store-failed-" + kind));
    }

    private void fetchRelay(Route r) {
        if (!overlay.kinds().contains(RELAY_KIND)) {
            return;
        }
        overlay.fetch(RELAY_KIND, HexFormat.of().parseHex(r.group)).whenComplete((values, e) -> executor.execute(() -> {
            if (e != null) {
                count("relay-fetches-failed");
            }
            if (e != null || routes.get(r.group) != r || r.relay != null) {
                return;
            }
            count("relay-fetches");
            for (OverlayValue v : values) {
                Map<String, String> f = fields(new String(v.value(), StandardCharsets.UTF_8));
                if (v.exists() && f.containsKey("relay") && !overlay.nodeId().equals(new String(v.key(), StandardCharsets.US_ASCII))) {
                    r.relay = f.get("relay");
                    r.relayPeer = new String(v.key(), StandardCharsets.US_ASCII);
                    r.relayRegion = f.getOrDefault("region", "");
                    count("relays-found");
                    if (!r.forwarder || relayAbove(r)) {
                        openAmt(r);
                    }
                    return;
                }
            }
        }));
    }

    /** A forwarder's route may use AMT only while the advertising border is one of its ancestors. */
    private static boolean relayAbove(Route r) {
        return r.relayPeer != null && r.ancestors.contains(r.relayPeer);
    }

    static Map<String, String> fields(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : text.trim().split(" ")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return out;
    }

    /** Joins the group name through the hybrid AMT gateway Interface, configuring it first if there is none. */
    private void openAmt(Route r) {
        MulticastService service = services.multicast();
        if (service == null) {
            return;
        }
        InterfaceProperties amt = service.interfaces().stream().filter(i -> "amt".equals(i.technology()) && GATEWAY_NAME.equals(i.name())).findFirst()
                .orElse(null);
        if (amt == null) {
            try {
                if (services.configureAmtGateway(r.relay)) {
                    amtRole = "gateway";
                    count("amt-gateways-configured");
                } else {
                    count("no-configadmin");
                }
            } catch (Exception e) {
                count("amt-gateway-configuration-failed");
            }
            return; // the Interface appears shortly; the next tick joins through it
        }
        try {
            MulticastSocket s = service.createSocket(List.of(amt.index()));
            s.setMessageListener((DirectMessageListener) m -> {
                byte[] data = m.payload();
                String source = m.source().orElse(null);
                executor.execute(() -> fromAmt(r, data, source));
            });
            s.join(HamUri.parse(r.name));
            r.amt = s;
            r.lastAmtAt = clock.get();
            count("amt-joins");
        } catch (RuntimeException e) {
            count("amt-join-failed");
        }
    }

    private void closeAmt(Route r) {
        if (r.amt != null) {
            try {
                r.amt.close();
            } catch (RuntimeException e) {
                count("amt-close-failed");
            }
            r.amt = null;
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
            // Native delivery through the relay has been faster every time lately: take it alone and leave the tree.
            count("switches-to-amt");
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
        count("amt-messages");
        Arrival earlier = r.recent.get(key(data, 0));
        if (earlier == null || earlier.path() == Path.AMT) {
            remember(r, key(data, 0), new Arrival(Path.AMT, now));
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
    }

    // ------------------------------------------------------------------ status

    /** One line per joined group with a hybrid route, and the counters (called on the ALM thread). */
    public List<String> status() {
        List<String> out = new ArrayList<>();
        if (border()) {
            out.add("hybrid: region border, advertising AMT relay " + settings.amtRelay() + " (region " + settings.region() + ") for " + routes.size()
                    + " groups");
        }
        for (Route r : routes.values()) {
            if (r.relay == null) {
                continue;
            }
            long compared = r.amtFirst + r.treeFirst;
            String where = r.forwarder ? "forwarding for " + r.children + " children" : r.viaAmt ? "via AMT (left the tree)" : "on the tree";
            out.add("hybrid " + r.name + ": relay " + r.relay + " (region " + r.relayRegion + "), " + where
                    + (r.amt == null ? ", AMT not joined yet" : ", AMT joined") + "; AMT first " + r.amtFirst + " of " + compared
                    + (compared == 0 ? "" : ", mean lead " + r.leadSumMillis / compared + " ms"));
        }
        StringBuilder c = new StringBuilder("hybrid counters:");
        new java.util.TreeMap<>(counters).forEach((k, v) -> c.append(' ').append(k).append('=').append(v.sum()));
        out.add(c.toString());
        return out;
    }
}
