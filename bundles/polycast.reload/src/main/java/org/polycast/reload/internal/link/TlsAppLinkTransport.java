package org.polycast.reload.internal.link;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import javax.net.ssl.SSLPeerUnverifiedException;

import org.polycast.api.overlay.AppLink;
import org.polycast.reload.internal.applink.AppLinkPreamble;
import org.polycast.reload.internal.applink.AppLinkTransport;
import org.polycast.reload.internal.message.IpAddressPort;
import org.polycast.reload.internal.node.NodeCounters;
import org.polycast.reload.internal.security.ReloadCertificates;
import org.polycast.reload.internal.security.SignatureCheckException;
import org.polycast.reload.internal.wire.NodeId;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

/**
 * Application links over TLS (see {@link AppLinkPreamble} for the wire rules): one listening socket, the overlay's TLS
 * contexts (mutual authentication, the overlay's trust), and event loops of their own, apart from the overlay's, so
 * that TLS work on application data runs beside the overlay, on every core.
 */
public final class TlsAppLinkTransport implements AppLinkTransport {
    /** Send buffer marks per link: a link above the high mark is not writable until it falls below the low one. */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);
    private static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;
    /** How long an accepted link may take to name its AppAttach (the token) after its TLS handshake. */
    static final long PREAMBLE_TIMEOUT_MILLIS = 10_000;

    private final EventLoopGroup lanes;
    private final SslContext server;
    private final SslContext client;
    private final NodeCounters counters;
    private final List<InetAddress> advertised;
    private final long preambleTimeoutMillis;
    private volatile Inbound inbound = (peer, token) -> null;
    private Channel listener;
    private InetSocketAddress bound;

    public TlsAppLinkTransport(EventLoopGroup lanes, SslContext server, SslContext client, NodeCounters counters, List<InetAddress> advertised) {
        this(lanes, server, client, counters, advertised, PREAMBLE_TIMEOUT_MILLIS);
    }

    TlsAppLinkTransport(EventLoopGroup lanes, SslContext server, SslContext client, NodeCounters counters, List<InetAddress> advertised,
            long preambleTimeoutMillis) {
        this.preambleTimeoutMillis = preambleTimeoutMillis;
        this.lanes = lanes;
        this.server = server;
        this.client = client;
        this.counters = counters;
        this.advertised = List.copyOf(advertised);
    }

    /** Binds the listening socket; fails with the reason. */
    public InetSocketAddress bind(InetSocketAddress address) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap().group(lanes).channel(NioServerSocketChannel.class).option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true).childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        SslHandler tls = server.newHandler(ch.alloc());
                        tls.setHandshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS);
                        ch.pipeline().addLast("tls", tls).addLast("preamble", new AcceptedHandshake());
                    }
                });
        ChannelFuture f = b.bind(address).await();
        if (!f.isSuccess()) {
            throw new IllegalStateException("cannot listen for application links on " + address + ": " + f.cause().getMessage(), f.cause());
        }
        listener = f.channel();
        bound = (InetSocketAddress) listener.localAddress();
        return bound;
    }

    public InetSocketAddress boundAddress() {
        return bound;
    }

    @Override
    public List<IpAddressPort> candidates() {
        List<IpAddressPort> out = new ArrayList<>();
        if (bound == null) {
            return out;
        }
        List<InetAddress> addresses = advertised;
        if (addresses.isEmpty()) {
            addresses = !bound.getAddress().isAnyLocalAddress() ? List.of(bound.getAddress()) : TlsLinkLayer.hostAddresses();
        }
        for (InetAddress a : addresses) {
            out.add(new IpAddressPort(new InetSocketAddress(a, bound.getPort())));
        }
        return out;
    }

    @Override
    public void accept(Inbound inbound) {
        this.inbound = inbound;
    }

    @Override
    public CompletionStage<AppLink> connect(InetSocketAddress address, NodeId expected, int application, byte[] token, AppLink.Listener listener) {
        CompletableFuture<AppLink> done = new CompletableFuture<>();
        new Bootstrap().group(lanes).channel(NioSocketChannel.class).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .option(ChannelOption.TCP_NODELAY, true).option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        SslHandler tls = client.newHandler(ch.alloc());
                        tls.setHandshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS);
                        ch.pipeline().addLast("tls", tls).addLast("preamble", new ConnectingHandshake(expected, application, token, listener, done));
                    }
                }).connect(address).addListener((ChannelFuture f) -> {
                    if (!f.isSuccess()) {
                        done.completeExceptionally(new IllegalStateException("connecting to " + address + ": " + f.cause().getMessage(), f.cause()));
                    }
                });
        return done;
    }

    /** The peer's Node-ID from the certificate TLS verified (the overlay's trust manager checked it). */
    private static NodeId peerOf(ChannelHandlerContext ctx) throws SSLPeerUnverifiedException, SignatureCheckException {
        Certificate[] chain = ctx.pipeline().get(SslHandler.class).engine().getSession().getPeerCertificates();
        return ReloadCertificates.identityOf((X509Certificate) chain[0]).nodeId();
    }

    private static void installFrames(ChannelHandlerContext ctx, TlsAppLink link, AppLink.Listener listener, NodeCounters counters) {
        ctx.pipeline().addAfter(ctx.name(), "frames", new AppLinkFrameDecoder(counters));
        ctx.pipeline().addAfter("frames", "link", new AppLinkHandler(link, listener, counters));
    }

    /** The accepting side: the peer's certificate, then its token, then the link. */
    private final class AcceptedHandshake extends ByteToMessageDecoder {
        private NodeId peer;

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof SslHandshakeCompletionEvent e) {
                if (!e.isSuccess()) {
                    counters.add("app-link-handshake-failures");
                    ctx.close();
                    return;
                }
                try {
                    peer = peerOf(ctx);
                } catch (SSLPeerUnverifiedException | SignatureCheckException x) {
                    counters.add("app-link-handshake-failures");
                    ctx.close();
                    return;
                }
                ctx.executor().schedule(() -> {
                    if (ctx.pipeline().get(AcceptedHandshake.class) == this && ctx.channel().isActive()) {
                        counters.add("app-link-no-token"); // authenticated, but never named an AppAttach
                        ctx.close();
                    }
                }, preambleTimeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            if (peer == null || in.readableBytes() < 1) {
                return;
            }
            int length = in.getUnsignedByte(in.readerIndex());
            if (length == 0) {
                counters.add("app-link-bad-preamble");
                in.skipBytes(in.readableBytes());
                ctx.close();
                return;
            }
            if (in.readableBytes() < 1 + length) {
                return;
            }
            in.skipBytes(1);
            byte[] token = new byte[length];
            in.readBytes(token);
            Claim claim = inbound.claim(peer, token);
            if (claim == null) {
                in.skipBytes(in.readableBytes());
                ctx.close();
                return;
            }
            TlsAppLink link = new TlsAppLink(ctx.channel(), peer, claim.application());
            installFrames(ctx, link, claim.listener(), counters);
            ctx.pipeline().remove(this); // passes on what followed the token
            counters.add("app-links-up");
            claim.up().accept(link);
        }
    }

    /** The connecting side: checks the certificate names the peer the AppAttach came from, then writes the token. */
    private final class ConnectingHandshake extends ChannelInboundHandlerAdapter {
        private final NodeId expected;
        private final int application;
        private final byte[] token;
        private final AppLink.Listener listener;
        private final CompletableFuture<AppLink> done;

        ConnectingHandshake(NodeId expected, int application, byte[] token, AppLink.Listener listener, CompletableFuture<AppLink> done) {
            this.expected = expected;
            this.application = application;
            this.token = token;
            this.listener = listener;
            this.done = done;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof SslHandshakeCompletionEvent e) {
                if (!e.isSuccess()) {
                    counters.add("app-link-handshake-failures");
                    done.completeExceptionally(new IllegalStateException("TLS handshake: " + e.cause().getMessage(), e.cause()));
                    ctx.close();
                    return;
                }
                NodeId peer;
                try {
                    peer = peerOf(ctx);
                } catch (SSLPeerUnverifiedException | SignatureCheckException x) {
                    counters.add("app-link-handshake-failures");
                    done.completeExceptionally(new IllegalStateException("peer certificate: " + x.getMessage(), x));
                    ctx.close();
                    return;
                }
                if (!peer.equals(expected)) {
                    counters.add("app-link-wrong-peer");
                    done.completeExceptionally(new IllegalStateException("the peer's certificate names " + peer.shortHex() + ", the AppAttach came from "
                            + expected.shortHex()));
                    ctx.close();
                    return;
                }
                ByteBuf preamble = ctx.alloc().buffer(1 + token.length).writeByte(token.length).writeBytes(token);
                ctx.writeAndFlush(preamble, ctx.voidPromise());
                TlsAppLink link = new TlsAppLink(ctx.channel(), peer, application);
                installFrames(ctx, link, listener, counters);
                ctx.pipeline().remove(this);
                counters.add("app-links-up");
                done.complete(link);
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            done.completeExceptionally(new IllegalStateException("the connection closed before the TLS handshake finished"));
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            done.completeExceptionally(cause);
            ctx.close();
        }
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close().awaitUninterruptibly(2000);
        }
    }
}
