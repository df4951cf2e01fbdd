package org.polycast.reload.internal.message;

import java.util.List;

import org.polycast.reload.internal.wire.NodeId;
import org.polycast.reload.internal.wire.ReloadFormatException;
import org.polycast.reload.internal.wire.WireReader;
import org.polycast.reload.internal.wire.WireWriter;

/**
 * LeaveReq (RFC 6940 §6.4.2.2) with CHORD-RELOAD's leave data (§10.7.3): to a predecessor the leaving
 * peer sends its successors (from_succ), to a successor its predecessors (from_pred).
 */
public record LeaveReq(NodeId leavingPeer, int type, List<NodeId> neighbors) {
    public static final int FROM_SUCC = 1;
    public static final int FROM_PRED = 2;

    public static LeaveReq decode(byte[] body) throws ReloadFormatException {
        WireReader r = new WireReader(body);
        NodeId leaving = NodeId.read(r, "leaving_peer_id");
        WireReader data = r.slice(r.u16("overlay_specific_data length"), "overlay_specific_data");
        r.end("leave_req");
        int type = data.u8("chord leave type");
        if (type != FROM_SUCC && type != FROM_PRED) {
            throw new ReloadFormatException("chord leave type " + type + " is neither from_succ (1) nor from_pred (2)");
        }
        List<NodeId> ids = data.vector(2, "leave neighbors", x -> NodeId.read(x, "leave neighbor"));
        data.end("chord leave data");
        return new LeaveReq(leaving, type, ids);
    }

    public byte[] encode() {
        WireWriter w = new WireWriter();
        leavingPeer.write(w);
        int mark = w.begin(2);
        w.u8(type).vector(2, neighbors, (ww, n) -> n.write(ww));
        return w.end(mark, 2).toByteArray();
    }
}
