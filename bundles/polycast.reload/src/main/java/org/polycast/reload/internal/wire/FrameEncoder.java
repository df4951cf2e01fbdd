package org.polycast.reload.internal.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes {@link Frame}s with the framing header (RFC 6940 §6.6.2). */
@Sharable
public final class FrameEncoder extends MessageToByteEncoder<Frame> {
    @Override
    protected void encode(ChannelHandlerContext ctx, Frame frame, ByteBuf out) {
        if (frame instanceof Frame.Data d) {
            if (d.message().length > 0xffffff) {
                throw new IllegalArgumentException("a message of " + d.message().length + " octets does not fit a frame");
            }
            out.writeByte(Frame.DATA).writeInt((int) d.sequence()).writeMedium(d.message().length).writeBytes(d.message());
        } else if (frame instanceof Frame.Ack a) {
            out.writeByte(Frame.ACK).writeInt((int) a.sequence()).writeInt((int) a.received());
        }
    }
}
