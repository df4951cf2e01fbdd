package org.polycast.reload.internal.link;

import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLPeerUnverifiedException;

import org.polycast.reload.internal.node.LinkLayer;
import org.polycast.reload.internal.node.NodeCounters;
import org.polycast.reload.internal.security.Identity;
import org.polycast.reload.internal.security.ReloadCertificates;
import org.polycast.reload.internal.security.SignatureCheckException;
import org.polycast.reload.internal.wire.Frame;
import org.polycast.reload.internal.wire.NodeId;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

/**
 * One end of a RELOAD link: learns the peer's Node-ID from its certificate once TLS is up, acknowledges every data frame (RFC 6940 §6.6.2), keeps an
 * RFC 6298 round-trip estimate from the acks, and hands messages to the node.
 */
final class LinkHandler extends SimpleChannelInboundHandler<Frame> {
    private final LinkLayer.LinkEvents events;
    private final NodeCounters counters;
    private final NodeId expected;
    private final InetSocketAddress dialled;
    private TlsLink link;
    private long received = -1;
    private long receivedMask;

    LinkHandler(LinkLayer.LinkEvents events, NodeCounters counters, NodeId expected, InetSocketAddress dialled) {
        super(Frame.class);
        this.events = events;
        this.counters = counters;
        this.expected = expected;
        this.dialled = dialled;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent e) {
            if (!e.isSuccess()) {
                fail(ctx, "TLS handshake: " + e.cause().getMessage());
                return;
            }
            Identity peer;
            try {
                Certificate[] chain = ctx.pipeline().get(SslHandler.class).engine().getSession().getPeerCertificates();
                peer = ReloadCertificates.identityOf((X509Certificate) chain[0]);
            } catch (SSLPeerUnverifiedException | SignatureCheckException e2) {
                fail(ctx, "peer certificate: " + e2.getMessage());
                return;
            }
            if (expected != null && !expected.equals(peer.nodeId())) {
                fail(ctx, "peer certificate names " + peer.nodeId().shortHex() + ", the Attach named " + expected.shortHex());
                return;
            }
            up(ctx.channel(), peer.nodeId());
        }
        super.userEventTriggered(ctx, evt);
    }

    private void up(Channel channel, NodeId peer) {
        link = new TlsLink(channel, peer);
        events.linkUp(link);
    }

    private void fail(ChannelHandlerContext ctx, String reason) {
        counters.add("link-handshake-failures");
        if (dialled != null) {
            events.connectFailed(dialled, expected, reason);
        }
        ctx.close();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
        if (link == null) {
            counters.add("frames-before-handshake");
            return;
        }
        if (frame instanceof Frame.Data d) {
            acknowledge(ctx, d.sequence());
            events.received(link, d.message());
        } else if (frame instanceof Frame.Ack a) {
            link.acked(a.sequence());
        }
    }

    /** Acks at once, with a bitmask of which of the 32 previous sequence numbers arrived too. */
    private void acknowledge(ChannelHandlerContext ctx, long sequence) {
        if (received >= 0 && sequence > received) {
            long shift = sequence - received;
            receivedMask = shift >= 64 ? 0 : (receivedMask << shift) | (1L << (shift - 1));
            received = sequence;
        } else if (received < 0) {
            received = sequence;
        }
        ctx.writeAndFlush(new Frame.Ack(sequence, receivedMask & 0xffffffffL), ctx.voidPromise());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (link != null) {
            events.linkDown(link, "connection closed");
        } else if (dialled != null) {
            events.connectFailed(dialled, expected, "connection closed before the handshake finished");
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Broken framing, an oversize message or a TLS alert: the link cannot continue (§6.6.2, §6.7).
        counters.add("link-errors");
        ctx.close();
    }
}
