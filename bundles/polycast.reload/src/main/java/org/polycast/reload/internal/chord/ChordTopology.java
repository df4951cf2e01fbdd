package org.polycast.reload.internal.chord;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.polycast.reload.internal.wire.NodeId;

/**
 * The CHORD-RELOAD routing table of one peer (RFC 6940 §10): the ring members it holds links to,
 * its predecessors and successors among them, and its fingers. Pure data: the node decides when to
 * attach, update and replicate.
 */
public final class ChordTopology {
    private final NodeId self;
    private final int neighbors;
    private final TreeSet<NodeId> members = new TreeSet<>();
    private final NodeId[] fingers;

    public ChordTopology(NodeId self, int neighborsEachSide, int fingerCount) {
        this.self = self;
        this.neighbors = neighborsEachSide;
        this.fingers = new NodeId[fingerCount + 1];
    }

    public NodeId self() {
        return self;
    }

    /** Adds a linked ring member; true if the neighbour set changed. */
    public boolean add(NodeId peer) {
        if (peer.equals(self)) {
            return false;
        }
        List<NodeId> before = neighborSet();
        members.add(peer);
        return !before.equals(neighborSet());
    }

    /** Removes a peer (link lost, or it left); true if the neighbour set changed. */
    public boolean remove(NodeId peer) {
        List<NodeId> before = neighborSet();
        members.remove(peer);
        for (int i = 1; i < fingers.length; i++) {
            if (peer.equals(fingers[i])) {
                fingers[i] = null;
            }
        }
        return !before.equals(neighborSet());
    }

    public boolean contains(NodeId peer) {
        return members.contains(peer);
    }

    public int size() {
        return members.size();
    }

    /** Up to {@code neighbors} successors, nearest first. */
    public List<NodeId> successors() {
        List<NodeId> out = new ArrayList<>(neighbors);
        NodeId cur = self;
        for (int i = 0; i < Math.min(neighbors, members.size()); i++) {
            NodeId next = members.higher(cur);
            cur = next != null ? next : members.first();
            if (cur.equals(self) || out.contains(cur)) {
                break;
            }
            out.add(cur);
        }
        return out;
    }

    /** Up to {@code neighbors} predecessors, nearest first. */
    public List<NodeId> predecessors() {
        List<NodeId> out = new ArrayList<>(neighbors);
        NodeId cur = self;
        for (int i = 0; i < Math.min(neighbors, members.size()); i++) {
            NodeId prev = members.lower(cur);
            cur = prev != null ? prev : members.last();
            if (cur.equals(self) || out.contains(cur)) {
                break;
            }
            out.add(cur);
        }
        return out;
    }

    /** Predecessors then successors, without repeats: the peers that get Updates. */
    public List<NodeId> neighborSet() {
        List<NodeId> out = new ArrayList<>(predecessors());
        for (NodeId s : successors()) {
            if (!out.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    /** Whether {@code peer} would be a neighbour if it were linked. */
    public boolean wouldBeNeighbor(NodeId peer) {
        if (peer.equals(self) || members.contains(peer)) {
            return false;
        }
        List<NodeId> succ = successors();
        List<NodeId> pred = predecessors();
        return succ.size() < neighbors || pred.size() < neighbors || peer.inOpen(self, succ.get(succ.size() - 1))
                || peer.inOpen(pred.get(pred.size() - 1), self);
    }

    /** Responsible for k: k in (first predecessor, self]; a peer alone is responsible for everything. */
    public boolean responsible(NodeId k) {
        if (members.isEmpty()) {
            return true;
        }
        NodeId pred = members.lower(self);
        if (pred == null) {
            pred = members.last();
        }
        return k.inHalfOpen(pred, self);
    }

    /**
     * The next hop toward k (§10.3): the member with the largest id in (self, k); if none, the smallest
     * id after k, i.e. the first successor, which is responsible for k. Null when the table is empty.
     */
    public NodeId nextHop(NodeId k) {
        if (members.isEmpty()) {
            return null;
        }
        NodeId candidate = members.lower(k);
        if (candidate == null) {
            candidate = members.last();
        }
        if (candidate.inOpen(self, k)) {
            return candidate;
        }
        NodeId after = members.ceiling(k);
        return after != null ? after : members.first();
    }

    public int fingerCount() {
        return fingers.length - 1;
    }

    /** Finger i (1-based) targets self + 2^(128-i) (§10.2: the first finger is half-way round the ring). */
    public NodeId fingerTarget(int i) {
        return self.plus(NodeId.powerOfTwo(128 - i));
    }

    public void setFinger(int i, NodeId peer) {
        fingers[i] = peer;
    }

    /** The fingers in table order; null where none is known. */
    public List<NodeId> fingers() {
        List<NodeId> out = new ArrayList<>();
        for (int i = 1; i < fingers.length; i++) {
            out.add(fingers[i]);
        }
        return out;
    }

    /** All linked ring members, ascending. */
    public List<NodeId> members() {
        return new ArrayList<>(members);
    }
}
