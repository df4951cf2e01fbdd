package org.polycast.amt.internal.wire;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageEncoder;

/** Encodes {@link AmtDatagram}s into UDP datagrams to their peer. */
@Sharable
public final class AmtEncoder extends MessageToMessageEncoder<AmtDatagram> {
    @Override
    protected void encode(ChannelHandlerContext ctx, AmtDatagram datagram, List<Object> out) {
        ByteBuf buf = ctx.alloc().buffer(AmtCodec.length(datagram.message()));
        try {
            AmtCodec.encode(datagram.message(), buf);
            out.add(new DatagramPacket(buf, datagram.peer()));
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
    }
}
