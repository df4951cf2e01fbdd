package org.polycast.ip.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.polycast.api.HamUri;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;

/**
 * Receives one group and port on one network interface: a channel bound to the group address
 * (so that only that group's datagrams arrive, and the destination is known), joined any-source
 * and/or for a set of sources (SSM). Datagrams go to the owner tagged with the Group Address.
 */
final class GroupChannel {
    /** Where received datagrams go: the Group Address (parsed once, not per datagram) and the sender's text. */
    interface Sink {
        void received(HamUri address, String sender, DatagramPacket packet);
    }

    /** Senders seen, as text; bounded so that spoofed sources cannot grow it without limit. */
    private static final int MAX_CACHED_SENDERS = 4096;

    private static final long IO_TIMEOUT_MILLIS = 1000;

    private final GroupEndpoint any;
    private final HamUri anyAddress;
    private final NetworkInterface nic;
    private final DatagramChannel channel;
    private volatile boolean anySource;
    private final Map<InetAddress, HamUri> sources = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, String> senderText = new ConcurrentHashMap<>();

    private GroupChannel(GroupEndpoint any, NetworkInterface nic, DatagramChannel channel) {
        this.any = any;
        this.anyAddress = any.toUri();
        this.nic = nic;
        this.channel = channel;
    }

    /** @param bootstrap from {@link NettyTransport#receiveBootstrap} */
    static GroupChannel open(Bootstrap bootstrap, GroupEndpoint endpoint, NetworkInterface nic, int receiveBufferBytes, Sink sink) throws IOException {
        GroupEndpoint any = endpoint.withSource(null);
        GroupChannel[] self = new GroupChannel[1];
        ReusedReceiveBuffer receiveBuffer = new ReusedReceiveBuffer(NettyTransport.MAX_DATAGRAM);
        ChannelFuture bound = bootstrap.clone()
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_RCVBUF, receiveBufferBytes)
                .option(ChannelOption.RCVBUF_ALLOCATOR, receiveBuffer)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                        GroupChannel g = self[0];
                        if (g != null) {
                            g.dispatch(packet, sink);
                        }
                    }

                    @Override
                    public void channelInactive(ChannelHandlerContext ctx) {
                        receiveBuffer.release();
                        ctx.fireChannelInactive();
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        // UDP receive errors (ICMP feedback and the like) concern one datagram, never the channel.
                    }
                })
                .bind(new InetSocketAddress(any.group(), any.port()));
        await(bound, "bind " + any.group().getHostAddress() + ":" + any.port());
        self[0] = new GroupChannel(any, nic, (DatagramChannel) bound.channel());
        return self[0];
    }

    private void dispatch(DatagramPacket packet, Sink sink) {
        InetSocketAddress from = packet.sender();
        String text = senderText.get(from);
        if (text == null) {
            if (senderText.size() >= MAX_CACHED_SENDERS) {
                senderText.clear();
            }
            text = GroupEndpoint.literal(from.getAddress()) + ":" + from.getPort();
            senderText.put(from, text);
        }
        HamUri channelAddress = sources.get(from.getAddress());
        if (channelAddress != null) {
            sink.received(channelAddress, text, packet);
        }
        if (anySource) {
            sink.received(anyAddress, text, packet);
        }
    }

    /** Joins any-source (source null) or source-specific; IGMPv3/MLDv2 reports come from the kernel. */
    void join(InetAddress source) throws IOException {
        if (source == null) {
            await(channel.joinGroup(any.group(), nic, null), "join " + any.group().getHostAddress() + " on " + nic.getName());
            anySource = true;
        } else {
            await(channel.joinGroup(any.group(), nic, source), "join (" + source.getHostAddress() + ", " + any.group().getHostAddress() + ") on " + nic.getName());
            sources.put(source, any.withSource(source).toUri());
        }
    }

    void leave(InetAddress source) throws IOException {
        if (source == null) {
            anySource = false;
        } else {
            sources.remove(source);
        }
        await(channel.leaveGroup(any.group(), nic, source), "leave " + any.group().getHostAddress() + " on " + nic.getName());
    }

    boolean unused() {
        return !anySource && sources.isEmpty();
    }

    void close() {
        channel.close();
    }

    private static void await(ChannelFuture f, String what) throws IOException {
        if (!f.awaitUninterruptibly(IO_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
            throw new IOException(what + " did not complete within " + IO_TIMEOUT_MILLIS + " ms");
        }
        if (!f.isSuccess()) {
            Throwable cause = f.cause();
            // ClosedChannelException and its kin carry no message: name the exception instead of printing "null"
            String why = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
            throw new IOException(what + " failed: " + why, cause);
        }
    }
}
