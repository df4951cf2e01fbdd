package org.polycast.benchmarks;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.locks.LockSupport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;

/** The baseline: the same Netty transport Polycast uses (epoll where available, two event loops), with nothing between the application and Netty. */
final class RawNettyEndpoint implements Endpoint {
    private final EventLoopGroup group;
    private final boolean epoll = Epoll.isAvailable();
    private final NetworkInterface nic;
    private final DatagramChannel sender;
    private final List<DatagramChannel> receivers = new ArrayList<>();

    RawNettyEndpoint(String iface) throws Exception {
        this.nic = NetworkInterface.getByName(iface);
        // Two event loops, as in Polycast: the sending channel and the receiving channel each get one.
        this.group = epoll ? new EpollEventLoopGroup(2) : new NioEventLoopGroup(2);
        this.sender = (DatagramChannel) bootstrap()
                .option(ChannelOption.IP_MULTICAST_IF, nic)
                .option(ChannelOption.IP_MULTICAST_TTL, 1)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(512 * 1024, 1024 * 1024))
                .handler(new ChannelInboundHandlerAdapter()).bind(new InetSocketAddress(0)).sync().channel();
    }

    String transport() {
        return epoll ? "epoll" : "nio";
    }

    private Bootstrap bootstrap() {
        return new Bootstrap().group(group).channelFactory(() -> epoll ? new EpollDatagramChannel(InternetProtocolFamily.IPv4)
                : new NioDatagramChannel(InternetProtocolFamily.IPv4));
    }

    @Override
    public void receive(String groupAddress, int port, Consumer<byte[]> sink) throws Exception {
        InetAddress g = InetAddress.getByName(groupAddress);
        DatagramChannel ch = (DatagramChannel) bootstrap()
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(65536))
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                        ByteBuf b = p.content();
                        byte[] bytes = new byte[b.readableBytes()];
                        b.getBytes(b.readerIndex(), bytes);
                        sink.accept(bytes);
                    }
                }).bind(new InetSocketAddress(g, port)).sync().channel();
        ch.joinGroup(g, nic, null).sync();
        receivers.add(ch);
    }

    private final java.util.Map<String, InetSocketAddress> destinations = new java.util.concurrent.ConcurrentHashMap<>();
    private String lastGroup;
    private InetSocketAddress lastTo;

    @Override
    public void send(String groupAddress, int port, byte[] payload) {
        while (!sender.isWritable()) {
            LockSupport.parkNanos(20_000);
        }
        InetSocketAddress to = lastTo;
        if (to == null || !groupAddress.equals(lastGroup) || port != to.getPort()) {
            to = destinations.computeIfAbsent(groupAddress + ":" + port, k -> new InetSocketAddress(groupAddress, port));
            lastGroup = groupAddress;
            lastTo = to;
        }
        sender.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(payload), to), sender.voidPromise());
    }

    @Override
    public void close() {
        receivers.forEach(DatagramChannel::close);
        sender.close();
        group.shutdownGracefully().awaitUninterruptibly();
    }
}
