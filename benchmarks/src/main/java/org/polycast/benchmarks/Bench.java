package org.polycast.benchmarks;

import java.io.File;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario harness for the native path, one measurement per run, printing one {@code RESULT} line.
 *
 * <pre>
 * --impl netty|jgroups|polycast|polycast-direct (DirectMessageListener)|polycast-direct-ipfrag (and ipFragmentation=true)   --mode throughput|latency   --payload BYTES   --seconds S   --warmup S
 * --role local|send|recv (throughput) or local|ping|pong (latency)   --iface NAME   --group G   --port P
 * </pre>
 * Throughput: an unthrottled sender (sequence number in the first 8 bytes); goodput counted at the
 * receiver over {@code seconds} after {@code warmup}; loss from the sequence span. Latency: a
 * ping-pong over two groups; one-way delay = pong receive time minus the send timestamp in the
 * payload (System.nanoTime is CLOCK_MONOTONIC, shared by processes on one host).
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Options o = new Options(args);
        String impl = o.get("impl", "netty");
        String mode = o.get("mode", "throughput");
        String role = o.get("role", "local");
        String iface = o.get("iface", "lo");
        try (Endpoint e = impl.equals("netty") ? new RawNettyEndpoint(iface) : impl.equals("jgroups") ? new JGroupsEndpoint(iface)
                : new PolycastEndpoint(iface, new File(o.get("bundles", "benchmarks/target/bundles")), impl.startsWith("polycast-direct"),
                        impl.endsWith("-ipfrag"))) {
            String result = mode.equals("latency") ? latency(e, o, role) : throughput(e, o, role);
            if (result != null) {
                System.out.println("RESULT impl=" + impl + " mode=" + mode + " role=" + role + " payload=" + o.integer("payload", 1024) + " " + result);
            }
        }
        System.exit(0); // Felix and Netty threads are daemons or stopped; exit promptly all the same
    }

    private static String throughput(Endpoint e, Options o, String role) throws Exception {
        String group = o.get("group", "239.255.0.1");
        int port = o.integer("port", 40000);
        int size = Math.max(16, o.integer("payload", 1024));
        long warmup = TimeUnit.SECONDS.toNanos(o.integer("warmup", 2));
        long window = TimeUnit.SECONDS.toNanos(o.integer("seconds", 5));
        AtomicLong count = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicLong minSeq = new AtomicLong(Long.MAX_VALUE);
        AtomicLong maxSeq = new AtomicLong(-1);
        long[] window0 = {0};
        AtomicLong firstArrival = new AtomicLong();
        if (!role.equals("send")) {
            e.receive(group, port, p -> {
                long now = System.nanoTime();
                firstArrival.compareAndSet(0, now);
                long start = role.equals("recv") ? firstArrival.get() + warmup : window0[0];
                if (now >= start && now < start + window) {
                    long seq = ByteBuffer.wrap(p).getLong(0);
                    count.incrementAndGet();
                    bytes.addAndGet(p.length);
                    minSeq.accumulateAndGet(seq, Math::min);
                    maxSeq.accumulateAndGet(seq, Math::max);
                }
            });
            System.out.println("READY");
        }
        if (role.equals("recv")) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while ((firstArrival.get() == 0 || System.nanoTime() < firstArrival.get() + warmup + window + 200_000_000L) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            return report(count.get(), bytes.get(), minSeq.get(), maxSeq.get(), window);
        }
        long started = System.nanoTime();
        window0[0] = started + warmup;
        long stopAt = started + warmup + window + (role.equals("send") ? TimeUnit.SECONDS.toNanos(2) : 0);
        long seq = 0;
        long refused = 0;
        while (System.nanoTime() < stopAt) {
            byte[] payload = new byte[size];
            ByteBuffer.wrap(payload).putLong(0, seq++).putLong(8, System.nanoTime());
            try {
                e.send(group, port, payload);
            } catch (RuntimeException backPressure) {
                // Polycast refuses a send whose send buffer stayed full for 500 ms (an event loop starved of CPU): the
                // message is lost, which the loss column shows; the count goes into the result instead of ending the run.
                refused++;
            }
        }
        if (role.equals("send")) {
            return "sent=" + seq + " refused=" + refused;
        }
        Thread.sleep(300);
        return report(count.get(), bytes.get(), minSeq.get(), maxSeq.get(), window) + " refused=" + refused;
    }

    private static String report(long count, long bytes, long minSeq, long maxSeq, long windowNanos) {
        double seconds = windowNanos / 1e9;
        long span = maxSeq >= minSeq ? maxSeq - minSeq + 1 : 0;
        double loss = span == 0 ? 100 : 100.0 * (span - Math.min(count, span)) / span;
        return String.format("msgs=%d msgs_per_s=%.0f mb_per_s=%.2f loss_pct=%.3f", count, count / seconds, bytes / seconds / 1e6, loss);
    }

    private static String latency(Endpoint e, Options o, String role) throws Exception {
        String ping = o.get("group", "239.255.0.1");
        String pong = o.get("group2", "239.255.0.2");
        int port = o.integer("port", 40000);
        int size = Math.max(16, o.integer("payload", 64));
        int warmupRounds = o.integer("warmup-rounds", 2000);
        int rounds = o.integer("rounds", 20000);
        long[] oneWay = new long[warmupRounds + rounds];
        AtomicLong received = new AtomicLong();
        if (!role.equals("ping")) {
            e.receive(ping, port, p -> {
                long now = System.nanoTime();
                long seq = ByteBuffer.wrap(p).getLong(0);
                if (seq < oneWay.length) {
                    oneWay[(int) seq] = now - ByteBuffer.wrap(p).getLong(8);
                }
                received.incrementAndGet();
                try {
                    e.send(pong, port + 1, p);
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            });
            System.out.println("READY");
        }
        if (role.equals("pong")) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (received.get() < oneWay.length && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            return percentiles("oneway", Arrays.copyOfRange(oneWay, warmupRounds, oneWay.length));
        }
        BlockingQueue<byte[]> replies = new ArrayBlockingQueue<>(16);
        e.receive(pong, port + 1, replies::offer);
        Thread.sleep(500); // let the joins settle
        long[] rtt = new long[rounds];
        int lost = 0;
        AtomicBoolean done = new AtomicBoolean();
        for (int i = 0; i < warmupRounds + rounds && !done.get(); i++) {
            byte[] payload = new byte[size];
            long sent = System.nanoTime();
            ByteBuffer.wrap(payload).putLong(0, i).putLong(8, sent);
            e.send(ping, port, payload);
            byte[] reply = replies.poll(1, TimeUnit.SECONDS);
            if (reply == null) {
                lost++;
                if (lost > 100) {
                    throw new IllegalStateException("more than 100 pings lost");
                }
                continue;
            }
            if (i >= warmupRounds) {
                rtt[i - warmupRounds] = System.nanoTime() - sent;
            }
        }
        String result = percentiles("rtt", rtt) + " lost=" + lost;
        if (role.equals("local")) {
            result += " " + percentiles("oneway", Arrays.copyOfRange(oneWay, warmupRounds, oneWay.length));
        }
        return result;
    }

    private static String percentiles(String name, long[] nanos) {
        long[] sorted = Arrays.stream(nanos).filter(v -> v > 0).sorted().toArray();
        if (sorted.length == 0) {
            return name + "_p50_us=NaN " + name + "_p99_us=NaN";
        }
        return String.format("%s_p50_us=%.1f %s_p99_us=%.1f", name, sorted[sorted.length / 2] / 1e3, name, sorted[(int) (sorted.length * 0.99)] / 1e3);
    }
}
