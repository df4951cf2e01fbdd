package org.polycast.reload.internal.message;

import org.polycast.reload.internal.wire.NodeId;
import org.polycast.reload.internal.wire.ReloadFormatException;
import org.polycast.reload.internal.wire.WireReader;
import org.polycast.reload.internal.wire.WireWriter;

/** JoinReq (RFC 6940 §6.4.2.1); CHORD-RELOAD sends no overlay-specific data, and JoinAns is empty data too. */
public record JoinReq(NodeId joiningPeer, byte[] overlayData) {
    public static JoinReq decode(byte[] body) throws ReloadFormatException {
        WireReader r = new WireReader(body);
        JoinReq j = new JoinReq(NodeId.read(r, "joining_peer_id"), r.opaque(2, "overlay_specific_data"));
        r.end("join_req");
        return j;
    }

    public byte[] encode() {
        WireWriter w = new WireWriter();
        joiningPeer.write(w);
        return w.opaque(2, overlayData).toByteArray();
    }

    /** JoinAns and other bodies that are only opaque<0..2^16-1> overlay-specific data. */
    public static byte[] emptyOverlayData() {
        return new byte[] {0, 0};
    }
}
