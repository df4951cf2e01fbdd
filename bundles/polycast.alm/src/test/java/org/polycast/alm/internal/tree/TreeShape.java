package org.polycast.alm.internal.tree;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.polycast.reload.internal.sim.SimClock;

/** Depth, root fan-out and forwarders of the trees all peers see, for reports. */
record TreeShape(int trees, double meanMemberDepth, int maxDepth, double meanRootFanout, int forwarders, int members) {
    static TreeShape of(List<ScribeTrees> peers, SimClock clock) {
        Map<String, Map<String, ScribeTrees.TreeView>> byGroup = new HashMap<>();
        for (ScribeTrees p : peers) {
            var f = p.trees();
            clock.advance(0);
            for (ScribeTrees.TreeView v : f.join()) {
                byGroup.computeIfAbsent(v.group(), g -> new HashMap<>()).put(p.self(), v);
            }
        }
        long depthSum = 0;
        int memberCount = 0;
        int maxDepth = 0;
        int forwarders = 0;
        long fanout = 0;
        int roots = 0;
        for (Map<String, ScribeTrees.TreeView> tree : byGroup.values()) {
            for (ScribeTrees.TreeView v : tree.values()) {
                if (v.root()) {
                    roots++;
                    fanout += v.children().size();
                }
                if (!v.member() && !v.children().isEmpty()) {
                    forwarders++;
                }
                if (v.member()) {
                    int depth = 0;
                    ScribeTrees.TreeView cur = v;
                    while (cur != null && !cur.root() && cur.parent() != null && depth < 64) {
                        cur = tree.get(cur.parent());
                        depth++;
                    }
                    depthSum += depth;
                    memberCount++;
                    maxDepth = Math.max(maxDepth, depth);
                }
            }
        }
        return new TreeShape(byGroup.size(), memberCount == 0 ? 0 : (double) depthSum / memberCount, maxDepth, roots == 0 ? 0 : (double) fanout / roots,
                forwarders, memberCount);
    }
}
