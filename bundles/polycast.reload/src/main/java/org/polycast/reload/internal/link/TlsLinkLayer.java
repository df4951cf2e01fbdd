package org.polycast.reload.internal.link;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.polycast.reload.internal.message.IpAddressPort;
import org.polycast.reload.internal.node.LinkLayer;
import org.polycast.reload.internal.node.NodeCounters;
import org.polycast.reload.internal.wire.FrameDecoder;
import org.polycast.reload.internal.wire.FrameEncoder;
import org.polycast.reload.internal.wire.NodeId;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;

/**
 * TLS-TCP-FH-NO-ICE links (RFC 6940 §6.6.5): TLS over TCP with the framing header, mutual certificate
 * authentication, one event loop for all links and the node. The side that sent the Attach is the
 * TLS server (§6.5.1.13). TLS 1.2 is what RFC 6940 was written for and what captures decode
 * with a key log ({@link KeyLogHandler}).
 */
public final class TlsLinkLayer implements LinkLayer {
    private static final FrameEncoder ENCODER = new FrameEncoder();

    private final EventLoop loop;
    private final LinkEvents events;
    private final NodeCounters counters;
    private final SslContext server;
    private final SslContext client;
    private final int maxMessageSize;
    private final List<InetAddress> advertised;
    private Channel listener;
    private InetSocketAddress bound;
    private final List<Channel> channels = Collections.synchronizedList(new ArrayList<>());

    /**
     * @param server TLS for accepted links; {@code client} for links this node dials
     * @param advertised addresses offered in Attach; empty: every non-loopback address of the host (loopback if none)
     */
    public TlsLinkLayer(EventLoop loop, LinkEvents events, NodeCounters counters, SslContext server, SslContext client, int maxMessageSize,
            List<InetAddress> advertised) {
        this.loop = loop;
        this.events = events;
        this.counters = counters;
        this.server = server;
        this.client = client;
        this.maxMessageSize = maxMessageSize;
        this.advertised = List.copyOf(advertised);
    }

    /** Binds the listening socket; fails with the reason (address in use, no such address). */
    public InetSocketAddress bind(InetSocketAddress address) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class).option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        pipeline(ch, false, null, null);
                    }
                });
        ChannelFuture f = b.bind(address).await();
        if (!f.isSuccess()) {
            throw new IllegalStateException("cannot listen on " + address + ": " + f.cause().getMessage(), f.cause());
        }
        listener = f.channel();
        bound = (InetSocketAddress) listener.localAddress();
        return bound;
    }

    private void pipeline(SocketChannel ch, boolean isClient, NodeId expected, InetSocketAddress dialled) {
        channels.add(ch);
        ch.closeFuture().addListener(x -> channels.remove(ch));
        ch.pipeline().addLast("tls", (isClient ? client : server).newHandler(ch.alloc()));
        KeyLogHandler.addIfEnabled(ch.pipeline());
        ch.pipeline().addLast("frames", new FrameDecoder(maxMessageSize)).addLast("framer", ENCODER);
        ch.pipeline().addLast("link", new LinkHandler(events, counters, expected, dialled));
    }

    @Override
    public List<IpAddressPort> candidates() {
        List<IpAddressPort> out = new ArrayList<>();
        int port = bound == null ? 0 : bound.getPort();
        List<InetAddress> addresses = advertised;
        if (addresses.isEmpty()) {
            addresses = bound != null && !bound.getAddress().isAnyLocalAddress() ? List.of(bound.getAddress()) : hostAddresses();
        }
        for (InetAddress a : addresses) {
            out.add(new IpAddressPort(new InetSocketAddress(a, port)));
        }
        return out;
    }

    static List<InetAddress> hostAddresses() {
        List<InetAddress> v4 = new ArrayList<>();
        List<InetAddress> v6 = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp() || ni.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a.isLinkLocalAddress()) {
                        continue;
                    }
                    (a instanceof Inet6Address ? v6 : v4).add(a);
                }
            }
        } catch (SocketException e) {
            // fall through to loopback
        }
        v4.addAll(v6);
        if (v4.isEmpty()) {
            v4.add(InetAddress.getLoopbackAddress());
        }
        return v4;
    }

    @Override
    public void connect(InetSocketAddress address, NodeId expected) {
        InetSocketAddress target = address.isUnresolved() ? new InetSocketAddress(address.getHostString(), address.getPort()) : address;
        if (target.isUnresolved()) {
            loop.execute(() -> events.connectFailed(address, expected, "cannot resolve " + address.getHostString()));
            return;
        }
        new Bootstrap().group(loop).channel(NioSocketChannel.class).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .option(ChannelOption.TCP_NODELAY, true).handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        pipeline(ch, true, expected, target);
                    }
                }).connect(target).addListener((ChannelFuture f) -> {
                    if (!f.isSuccess()) {
                        events.connectFailed(address, expected, f.cause().getMessage());
                    }
                });
    }

    public InetSocketAddress boundAddress() {
        return bound;
    }

    public int linkCount() {
        return channels.size();
    }

    /** Closes the listener and every link. */
    public void close() {
        if (listener != null) {
            listener.close().awaitUninterruptibly(2000);
        }
        for (Channel c : new ArrayList<>(channels)) {
            c.close().awaitUninterruptibly(2000);
        }
    }
}
