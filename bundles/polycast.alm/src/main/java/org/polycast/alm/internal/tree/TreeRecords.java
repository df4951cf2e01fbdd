package org.polycast.alm.internal.tree;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.polycast.alm.internal.wire.AlmCodec;
import org.polycast.alm.internal.wire.AlmFormatException;
import org.polycast.alm.internal.wire.AlmMessage;
import org.polycast.alm.internal.wire.AlmOption;
import org.polycast.api.overlay.OverlayService;
import org.polycast.api.overlay.OverlayValue;

/**
 * What a root stores of its tree in the overlay, at the group id: the ALMTree record (RFC 7019 §12:
 * the ALMTree structure, owner, size, height, algorithm and join criteria in its options) and the
 * tree's diagnostics (RFC 7019 §4 suggests them; an experimental kind). Both kinds are
 * POLYCAST-NODE-KEY dictionaries: each peer that roots the tree writes the entry keyed by its own
 * Node-ID, and readers take the newest.
 */
public final class TreeRecords {
    public static final String TREE_KIND = "alm-tree";
    public static final String DIAGNOSTICS_KIND = "alm-diagnostics";

    /**
     * A tree's figures as its root measured them: the rates over the last record interval, and the messages the root has
     * carried since it took the tree.
     */
    public record Diagnostics(String root, int peers, int height, long maxDelayToRootMillis, long meanLossPermille, long messagesPerSecond,
            long bytesPerSecond, long messages, long updatedMillis) {
        /** The stored form: one line of key=value pairs, readable with {@code ham:overlay fetch alm-diagnostics}. */
        String text() {
            return "root=" + root + " peers=" + peers + " height=" + height + " max-delay-to-root-ms=" + maxDelayToRootMillis + " mean-loss-permille="
                    + meanLossPermille + " messages-per-second=" + messagesPerSecond + " bytes-per-second=" + bytesPerSecond + " messages=" + messages + " updated=" + updatedMillis;
        }

        static Diagnostics parse(String text) {
            Map<String, String> f = new LinkedHashMap<>();
            for (String pair : text.trim().split(" ")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    f.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
            try {
                return new Diagnostics(f.getOrDefault("root", ""), Integer.parseInt(f.get("peers")), Integer.parseInt(f.get("height")),
                        Long.parseLong(f.get("max-delay-to-root-ms")), Long.parseLong(f.get("mean-loss-permille")), Long.parseLong(f.get("messages-per-second")),
                        Long.parseLong(f.get("bytes-per-second")), Long.parseLong(f.get("messages")), Long.parseLong(f.get("updated")));
            } catch (RuntimeException e) {
                return null; // another writer's format: not ours to read
            }
        }

        /** The figures of a crawl: peers on the tree, its height, the longest delay to the root and the mean heartbeat loss. */
        static Diagnostics of(String root, TreeCrawler.Crawl crawl, long messagesPerSecond, long bytesPerSecond, long messages, long now) {
            java.util.Set<String> peers = new java.util.HashSet<>(crawl.children().keySet());
            crawl.children().values().forEach(peers::addAll);
            long height = crawl.metrics().values().stream().mapToLong(TreeCrawler.NodeMetrics::hopsToRoot).max().orElse(0);
            long delay = crawl.metrics().values().stream().mapToLong(TreeCrawler.NodeMetrics::delayToRootMillis).max().orElse(0);
            long loss = Math.round(crawl.metrics().values().stream().mapToLong(TreeCrawler.NodeMetrics::lossPermille).filter(l -> l >= 0).average().orElse(0));
            return new Diagnostics(root, peers.size(), (int) height, delay, loss, messagesPerSecond, bytesPerSecond, messages, now);
        }
    }

    /** The ALMTree record of one root: who created the tree, the session key and the attributes. */
    public record TreeRecord(String root, String owner, byte[] sessionKey, String groupId, Map<String, String> attributes) {
        long updatedMillis() {
            try {
                return Long.parseLong(attributes.getOrDefault("updated", "0"));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }

    /** What is stored for a group: the newest ALMTree record and diagnostics, null where nothing (readable) is stored. */
    public record Stored(TreeRecord tree, Diagnostics diagnostics) {
    }

    private final OverlayService overlay;

    TreeRecords(OverlayService overlay) {
        this.overlay = overlay;
    }

    /** Whether the overlay's configuration has both kinds (another overlay document may not). */
    boolean available() {
        List<String> kinds = overlay.kinds();
        return kinds.contains(TREE_KIND) && kinds.contains(DIAGNOSTICS_KIND);
    }

    /** Stores this root's ALMTree record and diagnostics for {@code lifetime}. */
    CompletionStage<Void> store(TreeRecord tree, Diagnostics diagnostics, Duration lifetime) {
        byte[] group = HexFormat.of().parseHex(tree.groupId());
        byte[] key = overlay.nodeId().getBytes(StandardCharsets.US_ASCII);
        List<AlmOption> options = new ArrayList<>();
        tree.attributes().forEach((k, v) -> options.add(AlmOption.of(k, v)));
        byte[] almTree = AlmCodec.almTree(new AlmMessage.CreateTree(tree.owner(), tree.sessionKey(), tree.groupId(), options));
        CompletionStage<List<String>> a = overlay.store(TREE_KIND, group, List.of(OverlayValue.dictionaryEntry(key, almTree)), lifetime);
        CompletionStage<List<String>> b = overlay.store(DIAGNOSTICS_KIND, group,
                List.of(OverlayValue.dictionaryEntry(key, diagnostics.text().getBytes(StandardCharsets.UTF_8))), lifetime);
        return a.thenCombine(b, (x, y) -> null);
    }

    /** Fetches both kinds at the group id and keeps the newest entry of each. */
    public CompletableFuture<Stored> fetch(String groupId) {
        byte[] group = HexFormat.of().parseHex(groupId);
        CompletableFuture<List<OverlayValue>> trees = overlay.fetch(TREE_KIND, group).toCompletableFuture();
        CompletableFuture<List<OverlayValue>> diagnostics = overlay.fetch(DIAGNOSTICS_KIND, group).toCompletableFuture();
        return trees.thenCombine(diagnostics, (t, d) -> new Stored(
                t.stream().filter(OverlayValue::exists).map(TreeRecords::tree).filter(java.util.Objects::nonNull)
                        .max(Comparator.comparingLong(TreeRecord::updatedMillis)).orElse(null),
                d.stream().filter(OverlayValue::exists).map(v -> Diagnostics.parse(new String(v.value(), StandardCharsets.UTF_8)))
                        .filter(java.util.Objects::nonNull).max(Comparator.comparingLong(Diagnostics::updatedMillis)).orElse(null)));
    }

    private static TreeRecord tree(OverlayValue v) {
        try {
            AlmMessage.CreateTree t = AlmCodec.readAlmTree(v.value());
            Map<String, String> attributes = new LinkedHashMap<>();
            t.options().forEach(o -> attributes.put(new String(o.key(), StandardCharsets.UTF_8), new String(o.value(), StandardCharsets.UTF_8)));
            return new TreeRecord(new String(v.key(), StandardCharsets.US_ASCII), t.peerId(), t.sessionKey(), t.groupId(), attributes);
        } catch (AlmFormatException e) {
            return null;
        }
    }
}
