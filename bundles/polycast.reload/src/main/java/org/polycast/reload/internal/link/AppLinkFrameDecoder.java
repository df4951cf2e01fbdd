package org.polycast.reload.internal.link;

import org.polycast.reload.internal.applink.AppLinkPreamble;
import org.polycast.reload.internal.node.NodeCounters;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * An application link's frames ({@code uint24 length}, then the frame); a frame longer than {@link AppLinkPreamble#MAX_FRAME}
 * fails the link, and a link that ends inside a frame says so (counted {@code app-link-truncated-frames}), so that the
 * application learns the frame was lost rather than finding the link merely closed.
 */
final class AppLinkFrameDecoder extends LengthFieldBasedFrameDecoder {
    private final NodeCounters counters;

    AppLinkFrameDecoder(NodeCounters counters) {
        super(AppLinkPreamble.MAX_FRAME + AppLinkPreamble.LENGTH_FIELD, 0, AppLinkPreamble.LENGTH_FIELD, 0, AppLinkPreamble.LENGTH_FIELD);
        this.counters = counters;
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, java.util.List<Object> out) throws Exception {
        super.decodeLast(ctx, in, out);
        if (in.isReadable()) {
            int had = in.readableBytes();
            String what = had >= AppLinkPreamble.LENGTH_FIELD
                    ? had - AppLinkPreamble.LENGTH_FIELD + " of a frame's " + in.getUnsignedMedium(in.readerIndex()) + " octets"
                    : had + " octets of a frame's length";
            in.skipBytes(had);
            counters.add("app-link-truncated-frames");
            ctx.fireExceptionCaught(new CorruptedFrameException("the link ended inside a frame (" + what + " had arrived)"));
        }
    }
}
