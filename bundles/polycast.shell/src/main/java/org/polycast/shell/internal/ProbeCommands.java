package org.polycast.shell.internal;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.polycast.api.HamUri;
import org.polycast.api.Message;
import org.polycast.api.MulticastService;
import org.polycast.api.MulticastSocket;
import org.polycast.api.SendTimeoutException;

/**
 * {@code ham:probe}: measures a group's delivery end to end, as iperf measures a path: {@code send} sends a numbered,
 * timestamped stream (paced or as fast as the group takes it), {@code receive} elsewhere counts what arrives: rate, loss,
 * duplicates, reordering, one-way delay (the timestamps are {@link System#nanoTime()}, comparable between processes of one
 * machine only), and this process's CPU time per message. Each ends with one {@code probe-result key=value ...} line for
 * scripts (the benchmarks read it).
 */
@Component(service = ProbeCommands.class, immediate = true, property = {"osgi.command.scope=ham", "osgi.command.function=probe"})
public class ProbeCommands {
    /** Octets of the probe header in front of the padding: magic, run, sequence, send time. */
    static final int HEADER = 4 + 8 + 8 + 8;
    private static final int MAGIC = 0x50435052; // "PCPR"
    /** One-way delays kept for the percentiles, at most. */
    private static final int MAX_SAMPLES = 4_000_000;

    private final MulticastService service;

    @Activate
    public ProbeCommands(@Reference MulticastService service) {
        this.service = service;
    }

    static final String HELP = "ham:probe send URI [--count N] [--size B] [--rate MSG/S]\n"
            + "  Sends N numbered, timestamped messages of B octets (default 10000 of 1024), as fast as the group takes them or at RATE.\n"
            + "ham:probe receive URI [--count N] [--timeout MS]\n"
            + "  Receives until N arrived or MS passed after the last (default 10000 ms); prints received, lost, duplicates, reordered,\n"
            + "  msg/s, Mbit/s and one-way delay percentiles (clocks shared between processes of one machine).\n"
            + "Example: ham:probe receive ham:opaque:rate --count 100000 on one host, ham:probe send ham:opaque:rate --count 100000 --rate 20000 on another";

    /** ham:probe --help (without it Gogo would report a coercion failure, the typed form needing two arguments). */
    @Descriptor("ham:probe --help")
    public void probe(@Descriptor("show the usage") @Parameter(names = {"--help", "-h"}, presentValue = "true", absentValue = "false") boolean help) {
        if (!help) {
            throw new IllegalArgumentException("usage: ham:probe send|receive URI [options] (ham:probe --help)");
        }
        System.out.println(HELP);
    }

    @Descriptor("measure a group's delivery: ham:probe send URI [--count N] [--size B] [--rate MSG/S]; ham:probe receive URI [--count N] [--timeout MS]")
    public void probe(@Descriptor("messages") @Parameter(names = "--count", absentValue = "10000") long count,
            @Descriptor("octets per message, at least 28") @Parameter(names = "--size", absentValue = "1024") int size,
            @Descriptor("messages per second; 0: as fast as the group takes them") @Parameter(names = "--rate", absentValue = "0") double rate,
            @Descriptor("receive: give up this many milliseconds after the last message (or after the start, before the first)")
            @Parameter(names = "--timeout", absentValue = "10000") long timeout,
            @Descriptor("send or receive") String action, @Descriptor("the group") String group) throws InterruptedException {
        HamUri name = HamUri.parse(group);
        if (count < 1 || count > 100_000_000) {
            throw new IllegalArgumentException("ham:probe: --count must be 1 to 100000000, was " + count);
        }
        switch (action) {
            case "send" -> send(name, count, size, rate);
            case "receive" -> receive(name, count, timeout);
            default -> throw new IllegalArgumentException("ham:probe: the action is send or receive, not '" + action + "'");
        }
    }

    private void send(HamUri group, long count, int size, double rate) throws InterruptedException {
        if (size < HEADER || size > service.getMaxMsgSize()) {
            throw new IllegalArgumentException("ham:probe: --size must be " + HEADER + " to " + service.getMaxMsgSize() + ", was " + size);
        }
        if (rate < 0) {
            throw new IllegalArgumentException("ham:probe: --rate must be 0 (unpaced) or positive, was " + rate);
        }
        long run = ThreadLocalRandom.current().nextLong();
        byte[] message = new byte[size];
        ByteBuffer header = ByteBuffer.wrap(message);
        long refused = 0;
        long cpu0 = processCpuNanos();
        long start = System.nanoTime();
        long interval = rate > 0 ? (long) (1e9 / rate) : 0;
        try (MulticastSocket s = service.createSocket()) {
            for (long seq = 0; seq < count; seq++) {
                if (interval > 0) {
                    pace(start + seq * interval);
                }
                header.clear();
                header.putInt(MAGIC).putLong(run).putLong(seq).putLong(System.nanoTime());
                while (true) {
                    try {
                        s.send(group, message);
                        break;
                    } catch (SendTimeoutException e) {
                        refused++; // the group is slower than this sender: the message waits, it is not dropped
                        if (Thread.interrupted()) {
                            throw new InterruptedException("ham:probe send interrupted after " + seq + " of " + count);
                        }
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long cpu = processCpuNanos() - cpu0;
        System.out.printf(Locale.ROOT, "probe-result role=send sent=%d size=%d seconds=%.3f rate=%.0f mbit=%.1f refused=%d cpu_us_per_msg=%.1f%n", count, size,
                seconds, count / seconds, count * size * 8 / seconds / 1e6, refused, cpu / 1e3 / count);
    }

    /** Waits until the time, sleeping while far away and spinning for the last tens of microseconds. */
    private static void pace(long until) throws InterruptedException {
        long left;
        while ((left = until - System.nanoTime()) > 0) {
            if (left > 100_000) {
                LockSupport.parkNanos(left - 50_000);
            } else {
                Thread.onSpinWait();
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("ham:probe send interrupted");
            }
        }
    }

    private void receive(HamUri group, long count, long timeout) throws InterruptedException {
        BitSet seen = new BitSet();
        long[] delays = new long[(int) Math.min(count, MAX_SAMPLES)];
        int samples = 0;
        long received = 0;
        long duplicates = 0;
        long reordered = 0;
        long highest = -1;
        long run = 0;
        long first = 0;
        long last = 0;
        long bytes = 0;
        long cpu0 = 0;
        try (MulticastSocket s = service.createSocket()) {
            s.join(group);
            System.out.println("probe-ready " + group);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
            while (received < count) {
                long left = deadline - System.nanoTime();
                Optional<Message> m = left > 0 ? s.receive(Duration.ofNanos(left)) : Optional.empty();
                if (m.isEmpty()) {
                    break;
                }
                long now = System.nanoTime();
                ByteBuffer b = ByteBuffer.wrap(m.get().payload());
                if (b.remaining() < HEADER || b.getInt() != MAGIC) {
                    continue; // not a probe message
                }
                long r = b.getLong();
                long seq = b.getLong();
                long sentAt = b.getLong();
                if (received == 0 && duplicates == 0) {
                    run = r;
                    first = now;
                    cpu0 = processCpuNanos();
                } else if (r != run) {
                    continue; // another probe's stream
                }
                deadline = now + TimeUnit.MILLISECONDS.toNanos(timeout);
                if (seq < 0 || seq >= Integer.MAX_VALUE || seen.get((int) seq)) {
                    duplicates++;
                    continue;
                }
                seen.set((int) seq);
                received++;
                bytes += m.get().payload().length;
                if (seq < highest) {
                    reordered++;
                }
                highest = Math.max(highest, seq);
                if (samples < delays.length) {
                    delays[samples++] = now - sentAt;
                }
                last = now;
            }
        }
        long cpu = received == 0 ? 0 : processCpuNanos() - cpu0;
        int missingFirst = seen.nextClearBit(0);
        long missingLast = -1;
        for (long q = count - 1; q >= 0 && q >= missingFirst; q--) {
            if (!seen.get((int) q)) {
                missingLast = q;
                break;
            }
        }
        double seconds = Math.max(1e-9, (last - first) / 1e9);
        Arrays.sort(delays, 0, samples);
        System.out.printf(Locale.ROOT, "probe-result role=receive received=%d expected=%d lost=%d duplicates=%d reordered=%d seconds=%.3f rate=%.0f mbit=%.1f "
                + "p50_us=%.0f p99_us=%.0f max_us=%.0f cpu_us_per_msg=%.1f missing_first=%d missing_last=%d%n", received, count, count - received,
                duplicates, reordered, seconds,
                received > 1 ? (received - 1) / seconds : 0, received > 1 ? bytes * 8 / seconds / 1e6 : 0, percentile(delays, samples, 0.50) / 1e3,
                percentile(delays, samples, 0.99) / 1e3, samples == 0 ? 0 : delays[samples - 1] / 1e3, received == 0 ? 0 : cpu / 1e3 / received,
                missingLast < 0 ? -1 : missingFirst, missingLast);
    }

    private static double percentile(long[] sorted, int n, double q) {
        return n == 0 ? 0 : sorted[Math.min(n - 1, (int) Math.floor(q * n))];
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
    }
}
