package org.polycast.reload.internal.wire;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;

/**
 * Splits a TLS byte stream into {@link Frame}s. An unknown frame type or a message above the overlay's
 * max-message-size is a broken link (RFC 6940 §6.6.2, §6.7): it raises a {@link TooLongFrameException}
 * or {@link ReloadFormatException}-caused decoder exception and the link handler closes the connection.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    private final int maxMessageSize;

    public FrameDecoder(int maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        while (in.isReadable()) {
            int start = in.readerIndex();
            int type = in.getUnsignedByte(start);
            if (type == Frame.ACK) {
                if (in.readableBytes() < 9) {
                    return;
                }
                in.skipBytes(1);
                out.add(new Frame.Ack(in.readUnsignedInt(), in.readUnsignedInt()));
            } else if (type == Frame.DATA) {
                if (in.readableBytes() < 8) {
                    return;
                }
                int length = in.getUnsignedMedium(start + 5);
                if (length > maxMessageSize) {
                    in.skipBytes(in.readableBytes());
                    throw new TooLongFrameException("a " + length + "-octet message exceeds max-message-size " + maxMessageSize);
                }
                if (in.readableBytes() < 8 + length) {
                    return;
                }
                in.skipBytes(1);
                long sequence = in.readUnsignedInt();
                in.skipBytes(3);
                byte[] message = new byte[length];
                in.readBytes(message);
                out.add(new Frame.Data(sequence, message));
            } else {
                in.skipBytes(in.readableBytes());
                throw new ReloadFrameTypeException(type);
            }
        }
    }

    /** A frame type other than data (128) or ack (129): the stream cannot be resynchronised. */
    public static final class ReloadFrameTypeException extends io.netty.handler.codec.DecoderException {
        private static final long serialVersionUID = 1L;

        ReloadFrameTypeException(int type) {
            super("frame type " + type + " is neither data (128) nor ack (129)");
        }
    }
}
