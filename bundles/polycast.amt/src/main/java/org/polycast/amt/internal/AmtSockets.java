package org.polycast.amt.internal;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.polycast.amt.internal.wire.AmtDatagram;
import org.polycast.amt.internal.wire.AmtDecoder;
import org.polycast.amt.internal.wire.AmtEncoder;
import org.polycast.ip.internal.IpFamily;
import org.polycast.ip.internal.NettyTransport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;

/** UDP sockets speaking AMT: the codec pipeline, buffers sized for bursts of data, and a bounded wait for the bind. */
public final class AmtSockets {
    private static final long BIND_TIMEOUT_MILLIS = 1000;
    /** Large enough for any AMT message carrying a UDP datagram of the maximum size. */
    private static final int RECEIVE_BUFFER = 65536;
    private static final int SOCKET_BUFFER = 4 << 20;
    private static final AmtEncoder ENCODER = new AmtEncoder();

    private AmtSockets() {
    }

    /**
     * Binds a socket whose decoded messages go to {@code inbound}; malformed input goes to the decoder's
     * sink. Errors the channel reports (ICMP unreachable and the like) concern one datagram and are ignored.
     */
    public static Channel bind(NettyTransport transport, InetSocketAddress local, AmtDecoder decoder, Consumer<AmtDatagram> inbound)
            throws IOException {
        ChannelFuture bound = transport.bootstrap(local.getAddress() instanceof Inet6Address ? IpFamily.V6 : IpFamily.V4)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER)
                .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(RECEIVE_BUFFER))
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(decoder, ENCODER, new SimpleChannelInboundHandler<AmtDatagram>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, AmtDatagram d) {
                                inbound.accept(d);
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                // per-datagram errors; the socket stays open
                            }
                        });
                    }
                })
                .bind(local);
        if (!bound.awaitUninterruptibly(BIND_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS) || !bound.isSuccess()) {
            bound.channel().close();
            throw new IOException("cannot bind UDP " + local + ": " + (bound.cause() != null ? bound.cause().getMessage() : "timed out"));
        }
        return bound.channel();
    }
}
