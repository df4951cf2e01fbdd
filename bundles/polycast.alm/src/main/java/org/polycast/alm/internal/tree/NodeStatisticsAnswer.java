package org.polycast.alm.internal.tree;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.polycast.alm.internal.wire.AlmCodec;
import org.polycast.alm.internal.wire.NodeStatistics;

/**
 * A peer's answer to NodeQuery (RFC 7019 §7.2.12), from snapshots of its trees. The Polycast readings: the tree whose
 * group id the query's peer_id_dst named goes into max_tree_data in full, so that a crawl of one tree sees every child
 * even on a peer that is on many trees; TreeData's tree_id is the group id's first 32 bits (TreeData names no group);
 * the opaque info says the peer's heartbeat loss.
 */
final class NodeStatisticsAnswer {
    /** tree_data<0..2^8-1>: about this many octets of TreeData fit; the trees with the most children come first. */
    private static final int TREE_DATA_OCTETS = 255;

    private NodeStatisticsAnswer() {
    }

    static NodeStatistics of(String self, List<ScribeTrees.TreeView> trees, ScribeTrees.TreeView asked, long uptimeSeconds, ScribeTrees.Settings settings) {
        List<NodeStatistics.TreeData> data = new ArrayList<>();
        int octets = 0;
        List<ScribeTrees.TreeView> ordered = new ArrayList<>(trees);
        ordered.sort((a, b) -> b.children().size() - a.children().size());
        for (ScribeTrees.TreeView t : ordered) {
            NodeStatistics.TreeData d = treeData(self, t);
            int size = 4 + 1 + 16 + 2 + 16 * d.parents().size() + 2 + 2 + 16 * d.children().size() + 12;
            if (octets + size > TREE_DATA_OCTETS) {
                continue;
            }
            octets += size;
            data.add(d);
        }
        NodeStatistics.TreeData max = asked != null ? treeData(self, asked)
                : ordered.isEmpty() ? new NodeStatistics.TreeData(0, AlmCodec.SCRIBE_SAM, null, List.of(), List.of(), 0, 0, 0) : treeData(self, ordered.get(0));
        return new NodeStatistics(uptimeSeconds, trees.size(), List.of(AlmCodec.SCRIBE_SAM), max, data, settings.joinConfirmTimeoutMillis(),
                settings.heartbeatMillis(), settings.heartbeatTimeoutMillis(), lossInfo(trees));
    }

    /**
     * The opaque info: "loss=P" with P the per-mille of this peer's heartbeats to its parents that went unanswered (all
     * trees), so that a crawl can show loss per node (RFC 7019 has no field for it).
     */
    private static byte[] lossInfo(List<ScribeTrees.TreeView> trees) {
        long sent = 0;
        long answered = 0;
        for (ScribeTrees.TreeView t : trees) {
            sent += t.heartbeatsSent();
            answered += t.heartbeatsAnswered();
        }
        long permille = sent == 0 ? 0 : (sent - Math.min(sent, answered)) * 1000 / sent;
        return ("loss=" + permille).getBytes(StandardCharsets.UTF_8);
    }

    private static NodeStatistics.TreeData treeData(String self, ScribeTrees.TreeView t) {
        // path_length_to_root in hops, path_delay_to_root in milliseconds (RFC 7019 leaves the units open); 0 at the root,
        // 0xFFFFFFFF while unknown. path_delay_to_child stays 0: a parent does not time its children's heartbeats.
        long length = t.root() ? 0 : t.depth() < 0 ? 0xFFFFFFFFL : t.depth();
        long delay = t.root() ? 0 : t.delayToRootMillis() < 0 ? 0xFFFFFFFFL : t.delayToRootMillis();
        return new NodeStatistics.TreeData(Long.parseLong(t.group().substring(0, 8), 16), AlmCodec.SCRIBE_SAM, t.root() ? self : null,
                t.parent() == null ? List.of() : List.of(t.parent()), new ArrayList<>(t.children()), length, delay, 0);
    }
}
