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
        // The cost of one signature and one check, measured here before the peers start, sets each operation's ceiling.
        SignatureCost cost = SignatureCost.measure();
        System.out.printf("overlay-tls signature cost: sign_us=%.0f verify_us=%.0f cores=%d%n", cost.signMicros(), cost.verifyMicros(),
                Runtime.getRuntime().availableProcessors());
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
            java.util.function.Supplier<CompletableFuture<?>> store = () -> writer.store("polycast-value", resource,
                    List.of(OverlayValue.single(value(payload, counter.incrementAndGet()))), Duration.ofHours(1)).toCompletableFuture();
            java.util.function.Supplier<CompletableFuture<?>> fetch = () -> peers.get(1 + (int) (counter.incrementAndGet() % (PEERS - 1)))
                    .fetch("polycast-value", resource).toCompletableFuture();
            report("store sequential", measure(seconds, 1, store, peers), cost);
            report("store " + OUTSTANDING + " outstanding", measure(seconds, OUTSTANDING, store, peers), cost);
            report("fetch sequential", measure(seconds, 1, fetch, peers), cost);
            report("fetch " + OUTSTANDING + " outstanding", measure(seconds, OUTSTANDING, fetch, peers), cost);
            try (TlsEcho echo = new TlsEcho(2400)) {
                report("baseline raw Netty TLS echo sequential", measure(seconds, 1, echo::roundTrip, List.of()), cost);
                report("baseline raw Netty TLS echo " + OUTSTANDING + " outstanding", measure(seconds, OUTSTANDING, echo::roundTrip, List.of()), cost);
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

    private record Result(long operations, double seconds, long[] latencyNanos, long signatures, long checks) {
    }

    /**
     * Runs operations with {@code outstanding} in flight for the duration after a 2 s warm-up, and counts the signatures
     * the peers made and checked meanwhile.
     */
    private static Result measure(int seconds, int outstanding, java.util.function.Supplier<CompletableFuture<?>> op, List<OverlayPeer> peers)
            throws InterruptedException {
        run(2, outstanding, op, null);
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        long signed = sum(peers, "signatures-made");
        long checked = sum(peers, "signatures-checked");
        long start = System.nanoTime();
        long n = run(seconds, outstanding, op, latencies);
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Result(n, elapsed, latencies.stream().mapToLong(Long::longValue).sorted().toArray(), sum(peers, "signatures-made") - signed,
                sum(peers, "signatures-checked") - checked);
    }

    private static long sum(List<OverlayPeer> peers, String counter) {
        return peers.stream().mapToLong(p -> p.countersForBenchmark().getOrDefault(counter, 0L)).sum();
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

    /**
     * One line per measurement. With signatures: how many each operation needed (all peers together) and the ceiling that
     * work sets when every core does nothing but sign and check ({@code cores / (signs * sign + checks * verify)}).
     */
    private static void report(String what, Result r, SignatureCost cost) {
        long[] l = r.latencyNanos;
        String line = String.format("overlay-tls %s: ops/s=%.0f p50us=%.0f p99us=%.0f n=%d", what, r.operations / r.seconds, l[l.length / 2] / 1e3,
                l[(int) (l.length * 0.99)] / 1e3, r.operations);
        if (r.signatures > 0) {
            double signs = (double) r.signatures / r.operations;
            double checks = (double) r.checks / r.operations;
            double ceiling = Runtime.getRuntime().availableProcessors() * 1e6 / (signs * cost.signMicros() + checks * cost.verifyMicros());
            line += String.format(" signs_per_op=%.2f checks_per_op=%.2f ceiling_ops=%.0f", signs, checks, ceiling);
        }
        System.out.println(line);
    }

    /**
     * Microseconds of one core per RSA-2048 SHA-256 signature and per check over a 1.2 KB input like a Fetch answer's, measured
     * with every core signing (then checking) at once: what the machine can do when it does nothing else, the ceiling's premise.
     * Timed alone, one signature is faster than when both cores work, so timing it alone would flatter the ratios.
     */
    private record SignatureCost(double signMicros, double verifyMicros) {
        static SignatureCost measure() throws Exception {
            KeyPair keys = ReloadCertificates.newKeyPair();
            byte[] input = new byte[1200];
            byte[] signature = sign(keys, input);
            for (int i = 0; i < 200; i++) { // JIT warm-up
                verify(keys, input, sign(keys, input));
            }
            int n = 300;
            int cores = Runtime.getRuntime().availableProcessors();
            double signMicros = onEveryCore(cores, n, () -> sign(keys, input));
            byte[] s = signature;
            double verifyMicros = onEveryCore(cores, n * 5, () -> verify(keys, input, s));
            return new SignatureCost(signMicros, verifyMicros);
        }

        interface Work {
            Object run() throws Exception;
        }

        /** Runs the work {@code n} times on each of {@code cores} threads at once; microseconds per run on one core. */
        private static double onEveryCore(int cores, int n, Work work) throws Exception {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(cores);
            try {
                java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
                List<java.util.concurrent.Future<Long>> threads = new ArrayList<>();
                for (int t = 0; t < cores; t++) {
                    threads.add(pool.submit(() -> {
                        start.await();
                        long t0 = System.nanoTime();
                        for (int i = 0; i < n; i++) {
                            work.run();
                        }
                        return System.nanoTime() - t0;
                    }));
                }
                start.countDown();
                long total = 0;
                for (java.util.concurrent.Future<Long> f : threads) {
                    total += f.get();
                }
                return total / 1e3 / cores / n;
            } finally {
                pool.shutdownNow();
            }
        }

        private static byte[] sign(KeyPair keys, byte[] input) throws Exception {
            java.security.Signature s = java.security.Signature.getInstance("SHA256withRSA");
            s.initSign(keys.getPrivate());
            s.update(input);
            return s.sign();
        }

        private static Object verify(KeyPair keys, byte[] input, byte[] signature) throws Exception {
            java.security.Signature s = java.security.Signature.getInstance("SHA256withRSA");
            s.initVerify(keys.getPublic());
            s.update(input);
            if (!s.verify(signature)) {
                throw new IllegalStateException("the measured signature does not verify");
            }
            return signature;
        }
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
