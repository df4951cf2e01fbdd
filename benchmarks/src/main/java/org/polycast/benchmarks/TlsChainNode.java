package org.polycast.benchmarks;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.ssl.util.SelfSignedCertificate;

/**
 * The baseline of the ALM data-plane benchmark: a tree of plain Netty TLS relays of the same shape as the ALM tree (one
 * process per node), passing the same frames (a 24-bit length, then the probe's header: magic, run, sequence, send time,
 * and padding). Each member listens for its parent, forwards every frame to its children, and counts what it received;
 * TLS 1.2 with the JDK's provider and RSA-2048 certificates, as the overlay's links; frames are flushed once per read
 * burst; a member whose child is full stops reading from its parent (TCP backs the source up), as the ALM tree does.
 * Members print the same {@code probe-result} line as {@code ham:probe receive}, the source the one of {@code ham:probe send}.
 * <pre>
 *   TlsChainNode source 0 CHILD... --count N --size B [--rate R]      (connects to its children, then sends)
 *   TlsChainNode member PORT [CHILD...] --count N [--timeout MS]      (forwards to its children, counts, reports)
 * </pre>
 */
public final class TlsChainNode {
    private static final int MAGIC = 0x50435052;
    private static final int HEADER = 28;

    private TlsChainNode() {
    }

    public static void main(String[] args) throws Exception {
        String role = args[0];
        int port = Integer.parseInt(args[1]);
        List<InetSocketAddress> children = new ArrayList<>();
        long count = 100_000;
        int size = 1024;
        double rate = 0;
        long timeout = 10_000;
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--count" -> count = Long.parseLong(args[++i]);
                case "--size" -> size = Integer.parseInt(args[++i]);
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--timeout" -> timeout = Long.parseLong(args[++i]);
                default -> {
                    String[] hp = args[i].split(":");
                    children.add(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])));
                }
            }
        }
        SelfSignedCertificate cert = new SelfSignedCertificate("chain.polycast", new SecureRandom(), 2048);
        SslContext server = SslContextBuilder.forServer(cert.certificate(), cert.privateKey()).sslProvider(SslProvider.JDK).protocols("TLSv1.2").build();
        SslContext client = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).protocols("TLSv1.2").trustManager(InsecureTrustManagerFactory.INSTANCE)
                .build();
        EventLoopGroup group = new NioEventLoopGroup(Math.min(2, Runtime.getRuntime().availableProcessors()));
        try {
            switch (role) {
                case "source" -> source(group, client, children, count, size, rate);
                case "member" -> member(group, server, client, port, children, count, timeout);
                default -> throw new IllegalArgumentException("role " + role + ": source or member");
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(3, TimeUnit.SECONDS);
        }
    }

    private static List<Channel> connect(EventLoopGroup group, SslContext client, List<InetSocketAddress> children) throws InterruptedException {
        List<Channel> out = new ArrayList<>();
        for (InetSocketAddress child : children) {
            Channel c = null;
            for (int attempt = 0; attempt < 200 && c == null; attempt++) {
                var f = new Bootstrap().group(group).channel(NioSocketChannel.class).option(ChannelOption.TCP_NODELAY, true)
                        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                        .handler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel ch) {
                                SslHandler tls = client.newHandler(ch.alloc());
                                tls.handshakeFuture().addListener(h -> {
                                    if (!h.isSuccess()) {
                                        System.out.println("chain-error handshake with " + child + ": " + h.cause());
                                    }
                                });
                                ch.pipeline().addLast(tls);
                            }
                        }).connect(child).await();
                if (f.isSuccess()) {
                    c = f.channel();
                    c.pipeline().get(SslHandler.class).handshakeFuture().await(10, TimeUnit.SECONDS);
                } else {
                    Thread.sleep(100);
                }
            }
            if (c == null) {
                throw new IllegalStateException("cannot connect to " + child);
            }
            out.add(c);
        }
        return out;
    }

    private static boolean allWritable(List<Channel> channels) {
        for (Channel c : channels) {
            if (!c.isWritable()) {
                return false;
            }
        }
        return true;
    }

    private static void source(EventLoopGroup group, SslContext client, List<InetSocketAddress> children, long count, int size, double rate)
            throws InterruptedException {
        List<Channel> out = connect(group, client, children);
        long run = System.nanoTime();
        long cpu0 = cpu();
        long start = System.nanoTime();
        long interval = rate > 0 ? (long) (1e9 / rate) : 0;
        for (long seq = 0; seq < count; seq++) {
            if (interval > 0) {
                long until = start + seq * interval;
                while (System.nanoTime() < until) {
                    LockSupport.parkNanos(Math.max(1, until - System.nanoTime() - 50_000));
                }
            }
            while (!allWritable(out)) {
                for (Channel c : out) {
                    if (!c.isActive()) {
                        throw new IllegalStateException("the link to " + c.remoteAddress() + " closed after " + seq + " messages");
                    }
                }
                LockSupport.parkNanos(50_000);
            }
            long now = System.nanoTime();
            for (Channel c : out) {
                ByteBuf b = c.alloc().directBuffer(3 + size);
                b.writeMedium(size).writeInt(MAGIC).writeLong(run).writeLong(seq).writeLong(now).writeZero(size - HEADER);
                c.write(b, c.voidPromise());
            }
            if (interval > 0 || (seq & 15) == 15) {
                out.forEach(Channel::flush);
            }
        }
        out.forEach(Channel::flush);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "probe-result role=send sent=%d size=%d seconds=%.3f rate=%.0f mbit=%.1f refused=0 cpu_us_per_msg=%.1f%n", count, size,
                seconds, count / seconds, count * size * 8 / seconds / 1e6, (cpu() - cpu0) / 1e3 / count);
        for (Channel c : out) {
            c.writeAndFlush(c.alloc().buffer(0)).await();
            c.close().await();
        }
    }

    /** What a member counted; written on the event loop of its parent link, read by the main thread at the end. */
    private static final class Tally {
        final BitSet seen = new BitSet();
        final long[] delays;
        volatile long received;
        long duplicates;
        long reordered;
        long highest = -1;
        long first;
        volatile long last;
        long bytes;
        long cpu0;

        Tally(long count) {
            delays = new long[(int) Math.min(count, 4_000_000)];
        }

        void count(ByteBuf frame, long now) {
            if (frame.readableBytes() < HEADER || frame.getInt(frame.readerIndex()) != MAGIC) {
                return;
            }
            long seq = frame.getLong(frame.readerIndex() + 12);
            long sentAt = frame.getLong(frame.readerIndex() + 20);
            if (received == 0) {
                first = now;
                cpu0 = cpu();
            }
            if (seen.get((int) seq)) {
                duplicates++;
                return;
            }
            seen.set((int) seq);
            if (received < delays.length) {
                delays[(int) received] = now - sentAt;
            }
            bytes += frame.readableBytes();
            if (seq < highest) {
                reordered++;
            }
            highest = Math.max(highest, seq);
            last = now;
            received++;
        }
    }

    private static void member(EventLoopGroup group, SslContext server, SslContext client, int port, List<InetSocketAddress> children, long count,
            long timeout) throws InterruptedException {
        List<Channel> out = connect(group, client, children);
        Tally t = new Tally(count);
        CountDownLatch finished = new CountDownLatch(1);
        listen(group, server, port, () -> new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf frame = (ByteBuf) msg;
                try {
                    for (Channel c : out) {
                        ByteBuf b = c.alloc().directBuffer(3 + frame.readableBytes());
                        b.writeMedium(frame.readableBytes()).writeBytes(frame, frame.readerIndex(), frame.readableBytes());
                        c.write(b, c.voidPromise());
                    }
                    t.count(frame, System.nanoTime());
                } finally {
                    frame.release();
                }
                if (!allWritable(out)) {
                    ctx.channel().config().setAutoRead(false); // a full child backs the parent up
                    out.forEach(Channel::flush);
                    ctx.executor().schedule(() -> resume(ctx, out), 1, TimeUnit.MILLISECONDS);
                }
            }

            @Override
            public void channelReadComplete(ChannelHandlerContext ctx) {
                out.forEach(Channel::flush);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                out.forEach(c -> c.writeAndFlush(c.alloc().buffer(0)).addListener(f -> c.close()));
                finished.countDown();
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                System.out.println("chain-error " + cause);
                ctx.close();
            }
        });
        // up to two minutes for the first message (the source starts after every member), then the idle timeout
        long limit = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!finished.await(100, TimeUnit.MILLISECONDS) && t.received < count) {
            long last = t.last;
            if (System.nanoTime() > (t.received == 0 ? limit : last + TimeUnit.MILLISECONDS.toNanos(timeout))) {
                break;
            }
        }
        report(t, count);
        Thread.sleep(500); // the children's last frames
    }

    private static void report(Tally t, long count) {
        {
            long received = t.received; // volatile, written last: what the event loop wrote before it is visible here
            double seconds = Math.max(1e-9, (t.last - t.first) / 1e9);
            int n = (int) Math.min(received, t.delays.length);
            long[] d = Arrays.copyOf(t.delays, n);
            Arrays.sort(d);
            System.out.printf(Locale.ROOT, "probe-result role=receive received=%d expected=%d lost=%d duplicates=%d reordered=%d seconds=%.3f rate=%.0f "
                    + "mbit=%.1f p50_us=%.0f p99_us=%.0f max_us=%.0f cpu_us_per_msg=%.1f missing_first=-1 missing_last=-1%n", received, count,
                    count - received, t.duplicates, t.reordered, seconds, received > 1 ? (received - 1) / seconds : 0, t.bytes * 8 / seconds / 1e6,
                    n == 0 ? 0 : d[n / 2] / 1e3, n == 0 ? 0 : d[Math.min(n - 1, (int) (n * 0.99))] / 1e3, n == 0 ? 0 : d[n - 1] / 1e3,
                    received == 0 ? 0 : (cpu() - t.cpu0) / 1e3 / received);
        }
    }

    private static void resume(ChannelHandlerContext ctx, List<Channel> out) {
        if (allWritable(out)) {
            ctx.channel().config().setAutoRead(true);
        } else {
            ctx.executor().schedule(() -> resume(ctx, out), 1, TimeUnit.MILLISECONDS);
        }
    }

    private static void listen(EventLoopGroup group, SslContext server, int port, Supplier<ChannelInboundHandlerAdapter> handler) throws InterruptedException {
        new ServerBootstrap().group(group).channel(NioServerSocketChannel.class).option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true).childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(server.newHandler(ch.alloc())).addLast(new LengthFieldBasedFrameDecoder(1 << 20, 0, 3, 0, 3))
                                .addLast(handler.get());
                    }
                }).bind(new InetSocketAddress(port)).sync();
        System.out.println("chain-ready " + port);
    }

    private static long cpu() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
    }
}
