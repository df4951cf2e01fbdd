package org.polycast.ip.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;

/** Netty's native epoll transport where it loads, NIO otherwise (or as configured). */
public final class NettyTransport {
    private final EventLoopGroup group;
    private final java.util.List<io.netty.channel.EventLoop> loops;
    private final String name;
    private final boolean epoll;

    private NettyTransport(EventLoopGroup group, String name, boolean epoll) {
        this.group = group;
        java.util.List<io.netty.channel.EventLoop> all = new java.util.ArrayList<>();
        group.forEach(e -> all.add((io.netty.channel.EventLoop) e));
        this.loops = java.util.List.copyOf(all);
        this.name = name;
        this.epoll = epoll;
    }

    public static NettyTransport create(String preference, int threads, String threadPrefix) {
        ThreadFactory factory = daemonThreads(threadPrefix);
        if (!"nio".equals(preference) && EpollSupport.available()) {
            return new NettyTransport(EpollSupport.group(threads, factory), "epoll", true);
        }
        if ("epoll".equals(preference)) {
            throw new IllegalStateException("the epoll transport was asked for but is not available: " + EpollSupport.unavailabilityCause());
        }
        return new NettyTransport(new NioEventLoopGroup(threads, factory), "nio", false);
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    public String name() {
        return name;
    }

    /**
     * A bootstrap whose channel is registered on the event loop chosen by {@code affinity}: channels
     * with equal affinity share one loop. The host delivers a multicast datagram to every socket bound
     * to its group and port, so the channels of one group on several network interfaces all receive it;
     * on one loop their copies are handled one after the other, and the first copy of each datagram
     * (the one the core keeps) arrives in the order sent.
     */
    private Bootstrap bootstrap(IpFamily family, Object affinity) {
        return bootstrap(family, loops.get(Math.floorMod(affinity.hashCode(), loops.size())));
    }

    /**
     * Like {@link #bootstrap(IpFamily, Object)}, for a receiving channel. Netty's default 2 KiB read
     * buffer would truncate: a plain sender may send up to the UDP maximum, so a read must have
     * {@value #MAX_DATAGRAM} bytes. With epoll, UDP GRO is on: a UDP GSO packet (what our senders make of
     * a burst or of a message's fragments) arrives whole in one read and Netty cuts it into its datagrams.
     */
    public Bootstrap receiveBootstrap(IpFamily family, Object affinity) {
        Bootstrap b = bootstrap(family, affinity);
        return epoll ? EpollSupport.coalescedReads(b) : b;
    }

    /** The largest UDP payload, and the largest GRO packet, rounded up. */
    static final int MAX_DATAGRAM = 65536;

    /** How to send UDP GSO packets with this transport; null where it cannot (NIO, old kernels). */
    SegmentRun.Segmenter segmenter() {
        return epoll ? EpollSupport.segmenter() : null;
    }

    public Bootstrap bootstrap(IpFamily family) {
        return bootstrap(family, group);
    }

    private Bootstrap bootstrap(IpFamily family, EventLoopGroup loops) {
        ChannelFactory<DatagramChannel> factory = epoll ? () -> EpollSupport.channel(family.netty()) : () -> new NioDatagramChannel(family.netty());
        return new Bootstrap().group(loops).channelFactory(factory);
    }

    /** An event loop of this transport, for timers that belong with its channels. */
    public io.netty.channel.EventLoop loop() {
        return group.next();
    }

    /**
     * Stops the event loops after a short quiet period: the core may still be opening or closing an
     * Interface of this technology on its own threads, and a channel registered on a terminated loop
     * only produces a warning.
     */
    public void shutdown() {
        group.shutdownGracefully(300, 2000, TimeUnit.MILLISECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
