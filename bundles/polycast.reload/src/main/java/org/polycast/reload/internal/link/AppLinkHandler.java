package org.polycast.reload.internal.link;

import org.polycast.api.overlay.AppLink;
import org.polycast.reload.internal.node.NodeCounters;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** Hands an application link's frames and events to its listener, on the link's event loop; releases every frame. */
final class AppLinkHandler extends ChannelInboundHandlerAdapter {
    private final TlsAppLink link;
    private final AppLink.Listener listener;
    private final NodeCounters counters;
    private boolean closed;
    private String failure;

    AppLinkHandler(TlsAppLink link, AppLink.Listener listener, NodeCounters counters) {
        this.link = link;
        this.listener = listener;
        this.counters = counters;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        try {
            if (!closed) {
                listener.received(link, frame.nioBuffer());
            }
        } catch (RuntimeException e) {
            counters.add("app-link-listener-errors");
        } finally {
            frame.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!closed) {
            try {
                listener.readComplete(link);
            } catch (RuntimeException e) {
                counters.add("app-link-listener-errors");
            }
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!closed) {
            listener.writabilityChanged(link, ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        link.discardQueued();
        if (!closed) {
            closed = true;
            counters.add("app-links-down");
            String reason = failure != null ? failure : link.closeReason != null ? "closed here: " + link.closeReason : "closed by the peer";
            listener.closed(link, reason);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A frame above the limit, a TLS alert, a reset: the link cannot go on.
        counters.add("app-link-errors");
        if (failure == null) {
            failure = cause.getClass().getSimpleName() + (cause.getMessage() != null ? ": " + cause.getMessage() : "");
        }
        ctx.close();
    }
}
