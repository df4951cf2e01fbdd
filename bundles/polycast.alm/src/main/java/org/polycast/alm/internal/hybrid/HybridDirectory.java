package org.polycast.alm.internal.hybrid;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.polycast.api.overlay.OverlayService;
import org.polycast.api.overlay.OverlayValue;

/**
 * The hybrid kinds in the overlay: one dictionary entry per peer (keyed by its Node-ID), the value a line of
 * {@code key=value} fields. {@code alm-amt-relay} at a group id: a region border's relay for that group;
 * {@code alm-region} at the hash of {@code polycast-region:NAME}: what each peer of the region can do and,
 * for a region gateway, which groups the region's members want through it.
 */
final class HybridDirectory {
    static final String RELAY_KIND = "alm-amt-relay";
    static final String REGION_KIND = "alm-region";
    private static final Duration LIFETIME = Duration.ofSeconds(180);

    /** A relay advertised for a group: by the border {@code peer}, which bridges the group (named {@code name}) into {@code region}. */
    record RelayAdvertisement(String peer, String relay, String region, String name) {
    }

    /** One peer's entry in its region's dictionary. */
    record RegionEntry(String peer, Map<String, String> fields) {
        boolean regionGateway() {
            return "region-gateway".equals(fields.get("amt"));
        }

        /** The group names this peer wants through its region's gateway ({@code wants=a|b}; '|' cannot occur in a URI). */
        List<String> wants() {
            String w = fields.getOrDefault("wants", "");
            return w.isEmpty() ? List.of() : List.of(w.split("\\|"));
        }
    }

    private final OverlayService overlay;
    private final HybridCounters counters;

    HybridDirectory(OverlayService overlay, HybridCounters counters) {
        this.overlay = overlay;
        this.counters = counters;
    }

    boolean ready() {
        return overlay.joined();
    }

    String self() {
        return overlay.nodeId();
    }

    /** Stores (or, with {@code value} null, removes) this peer's entry of a kind at a resource. */
    void store(String kind, byte[] resource, String value) {
        if (!overlay.kinds().contains(kind)) {
            counters.count("kind-missing-" + kind);
            return;
        }
        byte[] key = overlay.nodeId().getBytes(StandardCharsets.US_ASCII);
        OverlayValue entry = OverlayValue.dictionaryEntry(key, value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8));
        overlay.store(kind, resource, List.of(value == null ? entry.removal() : entry), LIFETIME)
                .whenComplete((a, e) -> counters.count(e == null ? "stored-" + kind : "store-failed-" + kind));
    }

    void storeRelay(String group, String value) {
        store(RELAY_KIND, HexFormat.of().parseHex(group), value);
    }

    void storeRegion(String region, String value) {
        store(REGION_KIND, regionResource(region), value);
    }

    private byte[] regionResource(String region) {
        return overlay.resourceId("polycast-region:" + region);
    }

    /** The first relay another peer advertises for a group (none: empty; the overlay's errors complete exceptionally). */
    CompletableFuture<Optional<RelayAdvertisement>> fetchRelay(String group) {
        if (!overlay.kinds().contains(RELAY_KIND)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return overlay.fetch(RELAY_KIND, HexFormat.of().parseHex(group)).toCompletableFuture().thenApply(values -> {
            for (OverlayValue v : values) {
                Map<String, String> f = fields(new String(v.value(), StandardCharsets.UTF_8));
                String peer = new String(v.key(), StandardCharsets.US_ASCII);
                if (v.exists() && f.containsKey("relay") && !overlay.nodeId().equals(peer)) {
                    return Optional.of(new RelayAdvertisement(peer, f.get("relay"), f.getOrDefault("region", ""), f.getOrDefault("name", "")));
                }
            }
            return Optional.empty();
        });
    }

    /** The entries of the other peers of a region. */
    CompletableFuture<List<RegionEntry>> fetchRegion(String region) {
        if (!overlay.kinds().contains(REGION_KIND)) {
            return CompletableFuture.completedFuture(List.of());
        }
        return overlay.fetch(REGION_KIND, regionResource(region)).toCompletableFuture().thenApply(values -> {
            List<RegionEntry> out = new ArrayList<>();
            for (OverlayValue v : values) {
                String peer = new String(v.key(), StandardCharsets.US_ASCII);
                if (v.exists() && !overlay.nodeId().equals(peer)) {
                    out.add(new RegionEntry(peer, fields(new String(v.value(), StandardCharsets.UTF_8))));
                }
            }
            return out;
        });
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
}
