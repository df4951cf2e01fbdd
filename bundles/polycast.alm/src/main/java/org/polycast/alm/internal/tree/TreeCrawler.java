package org.polycast.alm.internal.tree;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

import org.polycast.alm.internal.wire.AlmCodec;
import org.polycast.alm.internal.wire.AlmFormatException;
import org.polycast.alm.internal.wire.AlmMessage;
import org.polycast.alm.internal.wire.NodeStatistics;
import org.polycast.api.overlay.OverlayService;

/**
 * One walk over a tree with NodeQuery, as {@code ham:tree}, the web console and the tree records see it: the
 * peer responsible for the group id answers first and names the root, then each child in turn. Answers are
 * handled on the trees' thread ({@code executor}); a malformed answer is counted and its peer listed as
 * unreachable.
 */
public final class TreeCrawler {
    private final OverlayService overlay;
    private final Executor executor;
    private final String self;
    private final Runnable malformed;

    TreeCrawler(OverlayService overlay, Executor executor, String self, Runnable malformed) {
        this.overlay = overlay;
        this.executor = executor;
        this.self = self;
        this.malformed = malformed;
    }

    /** The whole tree as far as NodeQuery reaches: each peer's children, from the root (the peer responsible for the group). */
    public record Crawl(String root, Map<String, List<String>> children, List<String> unreachable, Map<String, NodeMetrics> metrics) {
    }

    /** What a peer said of itself in its NodeQuery answer: hops and delay to the root (-1 unknown), heartbeat loss in per mille (-1 unknown). */
    public record NodeMetrics(long hopsToRoot, long delayToRootMillis, long lossPermille) {
    }

    /**
     * Walks the tree with NodeQuery (RFC 7019 §7.2.12): the root answers the query sent to the group id,
     * then each child in turn; at most {@code limit} peers.
     */
    CompletableFuture<Crawl> crawl(String group, int limit) {
        CompletableFuture<Crawl> result = new CompletableFuture<>();
        long treeId = Long.parseLong(group.substring(0, 8), 16);
        Map<String, List<String>> children = new LinkedHashMap<>();
        Map<String, NodeMetrics> metrics = new LinkedHashMap<>();
        List<String> unreachable = new ArrayList<>();
        ArrayDeque<String> queue = new ArrayDeque<>();
        String[] root = {null};
        Runnable[] next = new Runnable[1];
        BiConsumer<String, CompletionStage<byte[]>> visit = (peer, stage) -> stage.whenComplete((bytes, e) -> executor.execute(() -> {
            NodeStatistics.TreeData d = null;
            if (e == null) {
                try {
                    if (AlmCodec.decode(bytes).message() instanceof AlmMessage.NodeQueryResponse r) {
                        String who = peer == null ? "responsible-peer" : peer;
                        List<NodeStatistics.TreeData> all = new ArrayList<>(r.statistics().trees());
                        all.add(r.statistics().maxTree());
                        for (NodeStatistics.TreeData t : all) {
                            if (t.treeId() == treeId) {
                                d = t;
                                if (root[0] == null && !NodeStatistics.TreeData.NONE.equals(t.root())) {
                                    root[0] = t.root();
                                    who = t.root();
                                }
                            }
                        }
                        if (d != null) {
                            children.put(who, d.children());
                            metrics.put(who, new NodeMetrics(d.pathLengthToRoot() == 0xFFFFFFFFL ? -1 : d.pathLengthToRoot(),
                                    d.pathDelayToRoot() == 0xFFFFFFFFL ? -1 : d.pathDelayToRoot(), lossOf(r.statistics().info())));
                            for (String c : d.children()) {
                                if (!children.containsKey(c) && !queue.contains(c) && children.size() + queue.size() < limit) {
                                    queue.add(c);
                                }
                            }
                        }
                    }
                } catch (AlmFormatException x) {
                    malformed.run();
                }
            }
            if (d == null && peer != null) {
                unreachable.add(peer);
            }
            next[0].run();
        }));
        next[0] = () -> {
            String peer = queue.poll();
            if (peer == null) {
                result.complete(new Crawl(root[0], children, unreachable, metrics));
                return;
            }
            visit.accept(peer, overlay.requestNode(peer, AlmCodec.encode(AlmCodec.SCRIBE_SAM, new AlmMessage.NodeQuery(self, group))));
        };
        executor.execute(() -> visit.accept(null, overlay.request(HexFormat.of().parseHex(group),
                AlmCodec.encode(AlmCodec.SCRIBE_SAM, new AlmMessage.NodeQuery(self, group)))));
        return result;
    }

    private static long lossOf(byte[] info) {
        String text = info == null ? "" : new String(info, StandardCharsets.UTF_8);
        if (!text.startsWith("loss=")) {
            return -1;
        }
        try {
            return Long.parseLong(text.substring(5));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
