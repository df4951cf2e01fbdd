package org.polycast.amt.internal.wire;

import java.util.List;
import java.util.function.Consumer;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageDecoder;

/**
 * Decodes UDP datagrams into {@link AmtDatagram}s. Malformed input is reported to the
 * {@code malformed} sink (which counts it) and dropped: nothing is thrown into the pipeline, so a
 * bad datagram never closes or disturbs the channel. The datagram is released by the base class.
 */
@Sharable
public final class AmtDecoder extends MessageToMessageDecoder<DatagramPacket> {
    private final Consumer<String> malformed;

    public AmtDecoder(Consumer<String> malformed) {
        this.malformed = malformed;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, DatagramPacket packet, List<Object> out) {
        try {
            out.add(new AmtDatagram(AmtCodec.decode(packet.content()), packet.sender()));
        } catch (AmtFormatException e) {
            malformed.accept(e.getMessage() + " (from " + packet.sender() + ")");
        } catch (RuntimeException e) {
            // A decoder bug must not take the channel down either; it is counted like bad input and shows in the failures.
            malformed.accept("decoder error " + e + " (from " + packet.sender() + ")");
        }
    }
}
