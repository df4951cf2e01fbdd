package org.polycast.reload.internal.node;

/**
 * Sizes and timers of the CHORD-RELOAD peer that the configuration document does not carry.
 *
 * @param neighborsEachSide predecessors and successors kept (RFC 6940 §10: at least 3)
 * @param fingers finger table entries (at least 16)
 * @param replicas copies beyond the responsible peer's (§10.4: 2)
 * @param replicationHoldoffMillis wait after a neighbour change before re-replicating (§10.6 suggests 30 s after losing a successor)
 */
public record ChordOptions(int neighborsEachSide, int fingers, int replicas, long replicationHoldoffMillis) {
    public static final ChordOptions DEFAULTS = new ChordOptions(3, 16, 2, 30_000);

    public ChordOptions {
        if (neighborsEachSide < 1 || fingers < 1 || fingers > 127 || replicas < 0 || replicas > neighborsEachSide) {
            throw new IllegalArgumentException("chord options: " + neighborsEachSide + " neighbours, " + fingers + " fingers, " + replicas + " replicas");
        }
    }
}
