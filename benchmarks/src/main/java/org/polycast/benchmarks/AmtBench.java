package org.polycast.benchmarks;

import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.polycast.api.DirectMessageListener;
import org.polycast.api.HamUri;
import org.polycast.api.InterfaceProperties;
import org.polycast.api.MulticastSocket;

/**
 * AMT relay→gateway goodput and loss, one role per JVM, each started inside its namespace by
 * {@code benchmarks/amt.sh}:
 * <ul>
 * <li>{@code --role relay}: a runtime with the AMT relay, joining upstream through IPv4;</li>
 * <li>{@code --role gateways --count N --relay ADDR}: a runtime with N AMT gateway Interfaces, each with a
 * socket of its own on the SSM channel, counting distinct sequence numbers per gateway;</li>
 * <li>{@code --role source --rate PPS}: a plain NIO sender (not Polycast) of 1200-byte datagrams with
 * sequence numbers, paced to the rate, for {@code --warmup} seconds (not counted) and then {@code --seconds}.</li>
 * </ul>
 * Gateways print READY once every one has a relay, then count for the window and print RESULT.
 */
public final class AmtBench {
    private static final String GROUP = "232.1.1.1";
    private static final int PORT = 5000;
    private static final int PAYLOAD = 1200;

    private AmtBench() {
    }

    public static void main(String[] args) throws Exception {
        Options o = new Options(args);
        String role = o.get("role", "source");
        int seconds = o.integer("seconds", 5);
        try {
            switch (role) {
                case "relay" -> relay(o, seconds);
                case "gateways" -> gateways(o, seconds);
                case "source" -> source(o, seconds);
                default -> throw new IllegalArgumentException("--role relay|gateways|source");
            }
        } catch (Exception | Error e) {
            System.out.println("FAILED " + role + ": " + e);
            e.printStackTrace(System.out);
            System.exit(1); // the framework's threads would keep the JVM alive
        }
        System.exit(0);
    }

    private static File bundles(Options o) {
        return new File(o.get("bundles", "benchmarks/target/bundles"));
    }

    private static void relay(Options o, int seconds) throws Exception {
        Map<String, String> conf = Map.of("org.polycast.amt.relay.cfg", "dataPorts=" + PORT + "\nmaxTunnels=1000\n",
                "org.polycast.ipv4.cfg", "interfaces=" + o.get("upstream", "l1") + "\n");
        try (EmbeddedPolycast runtime = new EmbeddedPolycast(bundles(o), conf)) {
            runtime.await(p -> p.technology().equals("ip"), 1, "ip interface");
            System.out.println("READY");
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        }
    }

    private static void gateways(Options o, int seconds) throws Exception {
        int count = o.integer("count", 1);
        String source = o.get("source", "198.18.1.1");
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("org.polycast.ipv4.cfg", "interfaces=none\n"); // the gateways' host has no multicast: AMT only
        for (int i = 1; i <= count; i++) {
            conf.put("org.polycast.amt.gateway-gw" + i + ".config", "name=\"gw" + i + "\"\nrelays=[\"" + o.get("relay", "198.18.2.2") + "\"]\n");
        }
        try (EmbeddedPolycast runtime = new EmbeddedPolycast(bundles(o), conf)) {
            List<InterfaceProperties> amt = runtime.await(p -> p.technology().equals("amt"), count, "AMT gateways");
            HamUri channel = HamUri.parse("ham:ip:" + GROUP + "@" + source + ":" + PORT);
            List<BitSet> seen = new ArrayList<>();
            java.util.concurrent.atomic.AtomicLong foreign = new java.util.concurrent.atomic.AtomicLong();
            List<MulticastSocket> sockets = new ArrayList<>();
            for (InterfaceProperties p : amt) {
                MulticastSocket s = runtime.service().createSocket(List.of(p.index()));
                BitSet bits = new BitSet();
                seen.add(bits);
                s.setMessageListener((DirectMessageListener) m -> {
                    long seq = ByteBuffer.wrap(m.payload()).getLong();
                    if (seq < 0 || seq >= Integer.MAX_VALUE || m.payload().length != PAYLOAD) {
                        foreign.incrementAndGet();
                        return;
                    }
                    synchronized (bits) { // one I/O thread per gateway; the lock only orders it with the final read
                        bits.set((int) seq);
                    }
                });
                s.join(channel);
                sockets.add(s);
            }
            runtime.await(p -> p.technology().equals("amt") && !p.address().contains("discovering"), count, "gateways with a relay");
            Thread.sleep(1000); // the Updates travel and the relay joins upstream
            System.out.println("READY");
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            long min = Long.MAX_VALUE;
            long max = 0;
            long total = 0;
            for (BitSet b : seen) {
                long n;
                synchronized (b) {
                    n = b.cardinality();
                }
                min = Math.min(min, n);
                max = Math.max(max, n);
                total += n;
            }
            System.out.println("RESULT gateways=" + count + " received_total=" + total + " received_min=" + min + " received_max=" + max
                    + " foreign=" + foreign.get() + " highest_seq=" + seen.stream().mapToInt(BitSet::length).max().orElse(0));
            sockets.forEach(MulticastSocket::close);
        }
    }

    private static void pace(DatagramChannel ch, InetSocketAddress to, ByteBuffer buf, int rate, long count, boolean warmup) throws java.io.IOException {
        long start = System.nanoTime();
        long interval = 1_000_000_000L / rate;
        for (long seq = 0; seq < count; seq++) {
            long wait = start + seq * interval - System.nanoTime();
            if (wait > 200_000) {
                LockSupport.parkNanos(wait);
            }
            buf.clear();
            buf.putLong(warmup ? -1 : seq);
            buf.position(PAYLOAD).flip();
            ch.send(buf, to);
        }
    }

    private static void source(Options o, int seconds) throws Exception {
        int rate = o.integer("rate", 10_000);
        InetAddress local = InetAddress.getByName(o.get("address", "198.18.1.1"));
        try (DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET)) {
            ch.setOption(StandardSocketOptions.IP_MULTICAST_IF, NetworkInterface.getByInetAddress(local));
            ch.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 1);
            ch.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
            ch.bind(new InetSocketAddress(local, 0));
            InetSocketAddress to = new InetSocketAddress(GROUP, PORT);
            ByteBuffer buf = ByteBuffer.allocateDirect(PAYLOAD);
            // Warm-up traffic (sequence number -1, not counted) lets the JIT compile every hop before the measured part.
            pace(ch, to, buf, rate, (long) rate * o.integer("warmup", 2), true);
            long total = (long) rate * seconds;
            long start = System.nanoTime();
            pace(ch, to, buf, rate, total, false);
            double elapsed = (System.nanoTime() - start) / 1e9;
            System.out.printf("RESULT sent=%d seconds=%.3f offered_mbps=%.1f%n", total, elapsed, total * PAYLOAD * 8 / elapsed / 1e6);
        }
    }
}
