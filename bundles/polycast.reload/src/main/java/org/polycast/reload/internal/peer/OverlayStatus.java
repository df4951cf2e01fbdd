package org.polycast.reload.internal.peer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.polycast.api.runtime.StatusProvider;
import org.polycast.reload.internal.chord.ChordTopology;
import org.polycast.reload.internal.node.ChordProtocol;
import org.polycast.reload.internal.node.OverlayNode;
import org.polycast.reload.internal.wire.NodeId;

/** The overlay ring as this peer sees it, for operators' displays: state, neighbours (drawn as a ring), fingers, counters. */
@Component(property = StatusProvider.SECTION + "=RELOAD overlay")
public class OverlayStatus implements StatusProvider {
    private volatile OverlayPeer peer;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setPeer(OverlayPeer p) {
        peer = p;
    }

    void unsetPeer(OverlayPeer p) {
        if (peer == p) {
            peer = null;
        }
    }

    @Override
    public Map<String, Object> status() {
        OverlayPeer p = peer;
        if (p == null) {
            return Map.of("state", "no overlay peer (configure org.polycast.reload or run ham:overlay start)");
        }
        return p.onNode(() -> {
            OverlayNode n = p.node();
            ChordProtocol chord = n.chord();
            ChordTopology t = chord.topology();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("overlay", n.config().instanceName());
            out.put("peer", n.self().toString());
            out.put("user", n.signer().identity().userName());
            out.put("state", chord.state().toString() + (chord.lastProblem().isEmpty() ? "" : " (" + chord.lastProblem() + ")"));
            out.put("listening", String.valueOf(p.links().boundAddress()));
            out.put("links", p.links().linkCount());
            out.put("predecessors", t.predecessors().stream().map(NodeId::toString).toList());
            out.put("successors", t.successors().stream().map(NodeId::toString).toList());
            out.put("distinct fingers", t.fingers().stream().filter(java.util.Objects::nonNull).distinct().count());
            out.put("stored resources", n.storage().resourceCount());
            out.put("share of the ring %", Math.round(chord.responsiblePartsPerBillion() / 1e5) / 100.0);
            out.put("counters", n.counters().snapshot());
            out.put(GRAPH, ring(n.self(), t.predecessors(), t.successors()));
            return out;
        });
    }

    /** This peer with its predecessors before and successors after it, in ring order. */
    private static Map<String, Object> ring(NodeId self, List<NodeId> predecessors, List<NodeId> successors) {
        List<NodeId> order = new ArrayList<>();
        for (int i = predecessors.size() - 1; i >= 0; i--) {
            order.add(predecessors.get(i));
        }
        order.add(self);
        order.addAll(successors);
        List<Map<String, Object>> nodes = new ArrayList<>();
        List<Map<String, Object>> edges = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (NodeId id : order) {
            String key = id.toString();
            if (!seen.contains(key)) {
                seen.add(key);
                nodes.add(Map.of("id", key, "label", key.substring(0, Math.min(8, key.length())) + (id.equals(self) ? " (this peer)" : "")));
            }
        }
        for (int i = 0; i + 1 < order.size(); i++) {
            if (!order.get(i).equals(order.get(i + 1))) {
                edges.add(Map.of("from", order.get(i).toString(), "to", order.get(i + 1).toString(), "label", "successor"));
            }
        }
        return Map.of("nodes", nodes, "edges", edges);
    }
}
