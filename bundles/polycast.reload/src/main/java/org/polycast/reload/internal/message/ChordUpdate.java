package org.polycast.reload.internal.message;

import java.util.List;

import org.polycast.reload.internal.wire.NodeId;
import org.polycast.reload.internal.wire.ReloadFormatException;
import org.polycast.reload.internal.wire.WireReader;
import org.polycast.reload.internal.wire.WireWriter;

/** The body of a CHORD-RELOAD UpdateReq (RFC 6940 §10.7.1): the sender's uptime and, by type, its neighbours and fingers. */
public record ChordUpdate(long uptime, int type, List<NodeId> predecessors, List<NodeId> successors, List<NodeId> fingers) {
    public static final int PEER_READY = 1;
    public static final int NEIGHBORS = 2;
    public static final int FULL = 3;

    public static ChordUpdate decode(byte[] body) throws ReloadFormatException {
        WireReader r = new WireReader(body);
        long uptime = r.u32("uptime");
        int type = r.u8("chord update type");
        List<NodeId> pred = List.of();
        List<NodeId> succ = List.of();
        List<NodeId> fingers = List.of();
        switch (type) {
            case PEER_READY -> {
            }
            case NEIGHBORS, FULL -> {
                pred = r.vector(2, "predecessors", x -> NodeId.read(x, "predecessor"));
                succ = r.vector(2, "successors", x -> NodeId.read(x, "successor"));
                if (type == FULL) {
                    fingers = r.vector(2, "fingers", x -> NodeId.read(x, "finger"));
                }
            }
            default -> throw new ReloadFormatException("chord update type " + type + " is not peer_ready, neighbors or full");
        }
        r.end("chord update");
        return new ChordUpdate(uptime, type, pred, succ, fingers);
    }

    public byte[] encode() {
        WireWriter w = new WireWriter();
        w.u32(uptime).u8(type);
        if (type != PEER_READY) {
            w.vector(2, predecessors, (ww, n) -> n.write(ww)).vector(2, successors, (ww, n) -> n.write(ww));
            if (type == FULL) {
                w.vector(2, fingers, (ww, n) -> n.write(ww));
            }
        }
        return w.toByteArray();
    }
}
