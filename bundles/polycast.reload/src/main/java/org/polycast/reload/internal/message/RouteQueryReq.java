package org.polycast.reload.internal.message;

import org.polycast.reload.internal.wire.Destination;
import org.polycast.reload.internal.wire.NodeId;
import org.polycast.reload.internal.wire.ReloadFormatException;
import org.polycast.reload.internal.wire.WireReader;
import org.polycast.reload.internal.wire.WireWriter;

/** RouteQueryReq (RFC 6940 §6.4.2.4) and CHORD-RELOAD's answer, the next peer (§10.7.2). */
public record RouteQueryReq(boolean sendUpdate, Destination destination, byte[] overlayData) {
    public static RouteQueryReq decode(byte[] body) throws ReloadFormatException {
        WireReader r = new WireReader(body);
        RouteQueryReq q = new RouteQueryReq(r.bool("send_update"), Destination.read(r), r.opaque(2, "overlay_specific_data"));
        r.end("route_query_req");
        return q;
    }

    public byte[] encode() {
        WireWriter w = new WireWriter();
        w.bool(sendUpdate);
        destination.write(w);
        return w.opaque(2, overlayData).toByteArray();
    }

    public static byte[] encodeAnswer(NodeId nextPeer) {
        WireWriter w = new WireWriter(16);
        nextPeer.write(w);
        return w.toByteArray();
    }

    public static NodeId decodeAnswer(byte[] body) throws ReloadFormatException {
        WireReader r = new WireReader(body);
        NodeId next = NodeId.read(r, "next_peer");
        r.end("route_query_ans");
        return next;
    }
}
