package org.polycast.benchmarks;

import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.polycast.api.overlay.OverlayValue;
import org.polycast.reload.internal.peer.OverlayConfiguration;
import org.polycast.reload.internal.peer.OverlayPeer;
import org.polycast.reload.internal.security.ReloadCertificates;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

/**
 * Store and Fetch through a five-peer RELOAD overlay on one host (127.0.0.1; run it in a namespace of
 * its own), every peer a real {@link OverlayPeer} with TLS 1.2 links and RSA-2048 signatures. Baseline
 * in the same process: a raw Netty TLS 1.2 echo of a message of the same size (one hop, no signatures),
 * sequential and with 32 outstanding. Prints {@code overlay-tls} lines, one per measurement.
 */
public final class OverlayTlsBench {
    private static final int PEERS = 5;
    private static final int BASE_PORT = 16084;
    private static final int OUTSTANDING = 32;

    private OverlayTlsBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path dir = Files.createTempDirectory("polycast-overlay-bench");
        List<OverlayPeer> peers = new ArrayList<>();
        try {
            for (int i = 0; i < PEERS; i++) {
                peers.add(new OverlayPeer(config(i, dir.resolve("p" + i)), null));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!peers.get(i).joined()) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("peer " + i + " did not join");
                    }
                    Thread.sleep(50);
                }
            }
            Thread.sleep(3000); // neighbour Updates and fingers settle
            OverlayPeer writer = peers.get(0);
            byte[] resource = ReloadCertificates.userResource(writer.userName());
            AtomicLong counter = new AtomicLong();
            // a value of 1 KiB: with its signature and the signer's certificate a Fetch answer is about 2.4 KB on the wire
            byte[] payload = new byte[1024];
            report("store sequential", measure(seconds, 1, () -> writer.store("polycast-value", resource,
                    List.of(OverlayValue.single(value(payload, counter.incrementAndGet()))), Duration.ofHours(1)).toCompletableFuture()));
            report("fetch sequential", measure(seconds, 1, () -> peers.get(1 + (int) (counter.incrementAndGet() % (PEERS - 1)))
                    .fetch("polycast-value", resource).toCompletableFuture()));
            report("fetch " + OUTSTANDING + " outstanding", measure(seconds, OUTSTANDING, () -> peers.get(1 + (int) (counter.incrementAndGet() % (PEERS - 1)))
                    .fetch("polycast-value", resource).toCompletableFuture()));
            try (TlsEcho echo = new TlsEcho(2400)) {
                report("baseline raw Netty TLS echo sequential", measure(seconds, 1, echo::roundTrip));
                report("baseline raw Netty TLS echo " + OUTSTANDING + " outstanding", measure(seconds, OUTSTANDING, echo::roundTrip));
            }
        } finally {
            for (int i = peers.size() - 1; i >= 0; i--) {
                peers.get(i).deactivateForBenchmark();
            }
            TempDirectory.delete(dir);
        }
    }

    private static byte[] value(byte[] payload, long n) {
        byte[] v = payload.clone();
        byte[] tag = Long.toString(n).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(tag, 0, v, 0, tag.length);
        return v;
    }

    private record Result(long operations, double seconds, long[] latencyNanos) {
    }

    /** Runs operations with {@code outstanding} in flight for the duration after a 2 s warm-up. */
    private static Result measure(int seconds, int outstanding, java.util.function.Supplier<CompletableFuture<?>> op) throws InterruptedException {
        run(2, outstanding, op, null);
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        long n = run(seconds, outstanding, op, latencies);
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Result(n, elapsed, latencies.stream().mapToLong(Long::longValue).sorted().toArray());
    }

    private static long run(int seconds, int outstanding, java.util.function.Supplier<CompletableFuture<?>> op, List<Long> latencies)
            throws InterruptedException {
        Semaphore slots = new Semaphore(outstanding);
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            slots.acquire();
            long t0 = System.nanoTime();
            op.get().whenComplete((v, e) -> {
                if (e != null) {
                    failed.incrementAndGet();
                } else {
                    done.incrementAndGet();
                    if (latencies != null) {
                        latencies.add(System.nanoTime() - t0);
                    }
                }
                slots.release();
            });
        }
        slots.acquire(outstanding);
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " operations failed");
        }
        return done.get();
    }

    private static void report(String what, Result r) {
        long[] l = r.latencyNanos;
        System.out.printf("overlay-tls %s: ops/s=%.0f p50us=%.0f p99us=%.0f n=%d%n", what, r.operations / r.seconds, l[l.length / 2] / 1e3,
                l[(int) (l.length * 0.99)] / 1e3, r.operations);
    }

    private static OverlayConfiguration config(int i, Path certificates) {
        return new OverlayConfiguration() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return OverlayConfiguration.class;
            }

            @Override
            public String overlay() {
                return "bench.polycast";
            }

            @Override
            public String configuration() {
                return "";
            }

            @Override
            public String listenAddress() {
                return "127.0.0.1";
            }

            @Override
            public int port() {
                return BASE_PORT + i;
            }

            @Override
            public String[] advertisedAddresses() {
                return new String[0];
            }

            @Override
            public String[] bootstrap() {
                return i == 0 ? new String[0] : new String[] {"127.0.0.1:" + BASE_PORT};
            }

            @Override
            public String certificateDir() {
                return certificates.toString();
            }

            @Override
            public String certificateMode() {
                return "self-signed";
            }

            @Override
            public String user() {
                return "";
            }

            @Override
            public int updateIntervalSeconds() {
                return 0;
            }

            @Override
            public int replicationHoldoffSeconds() {
                return 30;
            }

            @Override
            public int appLinkPort() {
                return 0;
            }

            @Override
            public int appLinkThreads() {
                return 0;
            }
        };
    }

    /** Raw Netty TLS 1.2 with RSA-2048 certificates: a client that sends a message and a server that echoes it. */
    private static final class TlsEcho implements AutoCloseable {
        private final NioEventLoopGroup group = new NioEventLoopGroup(2);
        private final Channel server;
        private final Channel client;
        private final byte[] message;
        private final java.util.concurrent.ConcurrentLinkedQueue<CompletableFuture<Void>> waiting = new java.util.concurrent.ConcurrentLinkedQueue<>();

        TlsEcho(int size) throws Exception {
            message = new byte[size];
            KeyPair keys = ReloadCertificates.newKeyPair();
            X509Certificate cert = ReloadCertificates.selfSigned(keys, "echo@bench", "bench", Duration.ofDays(1));
            SslContext serverTls = SslContextBuilder.forServer(keys.getPrivate(), cert).sslProvider(SslProvider.JDK).protocols("TLSv1.2")
                    .clientAuth(ClientAuth.REQUIRE).trustManager(InsecureTrustManagerFactory.INSTANCE).build();
            SslContext clientTls = SslContextBuilder.forClient().keyManager(keys.getPrivate(), cert).sslProvider(SslProvider.JDK).protocols("TLSv1.2")
                    .trustManager(InsecureTrustManagerFactory.INSTANCE).build();
            server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class).childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(serverTls.newHandler(ch.alloc()), new LengthFieldBasedFrameDecoder(1 << 20, 0, 4, 0, 4),
                            new LengthFieldPrepender(4), new SimpleChannelInboundHandler<ByteBuf>() {
                                @Override
                                protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                                    ctx.writeAndFlush(msg.retain());
                                }
                            });
                }
            }).bind("127.0.0.1", BASE_PORT + 16).sync().channel();
            client = new Bootstrap().group(group).channel(NioSocketChannel.class).handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(clientTls.newHandler(ch.alloc()), new LengthFieldBasedFrameDecoder(1 << 20, 0, 4, 0, 4),
                            new LengthFieldPrepender(4), new SimpleChannelInboundHandler<ByteBuf>() {
                                @Override
                                protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                                    CompletableFuture<Void> f = waiting.poll();
                                    if (f != null) {
                                        f.complete(null);
                                    }
                                }
                            });
                }
            }).connect("127.0.0.1", BASE_PORT + 16).sync().channel();
        }

        CompletableFuture<?> roundTrip() {
            CompletableFuture<Void> f = new CompletableFuture<>();
            client.eventLoop().execute(() -> {
                waiting.add(f);
                client.writeAndFlush(Unpooled.wrappedBuffer(Arrays.copyOf(message, message.length)));
            });
            return f;
        }

        @Override
        public void close() {
            client.close().awaitUninterruptibly();
            server.close().awaitUninterruptibly();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }
}
