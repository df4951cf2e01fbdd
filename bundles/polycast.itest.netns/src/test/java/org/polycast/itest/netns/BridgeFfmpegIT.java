package org.polycast.itest.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Existing tools over Polycast without a line of code: ffmpeg sends a 2 Mbit/s MPEG-TS test stream (20 s) to a local
 * UDP port in one namespace; {@code ham:bridge in} puts it on a group name; in another namespace, which reaches the
 * first only through the RELOAD overlay (ALM tree), or only through an AMT relay, {@code ham:bridge out} hands it to
 * a local UDP port where a second ffmpeg decodes it: every frame, no continuity error. Then timestamped probes take
 * the same path for the one-way delay (CLOCK_MONOTONIC is one clock for all namespaces of a host).
 */
class BridgeFfmpegIT extends NamespaceTestSupport {
    private static final Duration STEP = Duration.ofSeconds(120);
    private static final int SECONDS = 20;
    private static final int FRAMES = SECONDS * 25;
    private static final int IN_PORT = 5500;
    private static final int OUT_PORT = 6600;

    @BeforeEach
    void requireFfmpeg() {
        assertTrue(new java.io.File("/usr/bin/ffmpeg").canExecute(), "this test needs ffmpeg (apt-get install ffmpeg; the test command provisions it)");
    }

    @Test
    void anMpegTsStreamCrossesTheOverlayWholeThroughTwoBridges() throws Exception {
        bed = NetnsTestBed.create(2, 42);
        String overlay = "overlay=bridge-it.polycast\nlistenAddress=";
        HostProcess source = runtime("source", 1, Map.of("org.polycast.reload.cfg", overlay + bed.ipv4(1) + "\n"), "overlay");
        source.ask("ham:overlay await 0 90000", "overlay ready", STEP);
        HostProcess sink = runtime("sink", 2, Map.of("org.polycast.reload.cfg", overlay + bed.ipv4(2) + "\nbootstrap=" + bed.ipv4(1) + ":6084\n"), "overlay");
        sink.ask("ham:overlay await 1 90000", "overlay ready", STEP);
        stream("overlay", 1, source, 2, sink, "ham:opaque:bridge-tv", null);
    }

    @Test
    void anMpegTsStreamCrossesAnAmtRelayWholeThroughTwoBridges() throws Exception {
        bed = NetnsTestBed.createUnlinked(3);
        bed.link(1, 2, 1);
        bed.link(2, 3, 2);
        String channel = "ham:ip:232.9.9.9@" + bed.linkIpv4(1, 1) + ":5000";
        HostProcess relay = runtime("relay", 2, Map.of("org.polycast.amt.relay.cfg", "queryIntervalSeconds=5\ndataPorts=5000-5001\n"), "native");
        relay.ask("ham:sleep 1000; echo relay-up", "relay-up", STEP);
        HostProcess source = runtime("source", 1, Map.of(), "native");
        // Here the sink's bridge is a configuration (factory PID org.polycast.bridge), not a command.
        HostProcess sink = runtime("sink", 3, Map.of("org.polycast.amt.gateway-amt0.config",
                "name=\"amt0\"\nrelays=[\"" + bed.linkIpv4(2, 2) + "\"]\nmaxBackoffSeconds=I\"4\"\n",
                "org.polycast.bridge-tv.cfg", "direction=out\nudp=" + OUT_PORT + "\ngroup=" + channel + "\n"), "native");
        sink.ask("ham:sleep 1000; echo gw-up", "gw-up", STEP);
        stream("AMT", 1, source, 3, sink, channel, "tv");
    }

    /**
     * The stream from host {@code from} to host {@code to} through the bridges on {@code group}, with the checks and the
     * figures; {@code configuredSink} names the sink's configured bridge, or null to start one with ham:bridge out.
     */
    private void stream(String path, int from, HostProcess source, int to, HostProcess sink, String group, String configuredSink) throws Exception {
        String quoted = "'" + group + "'";
        String sinkBridge = configuredSink != null ? configuredSink : "out-" + OUT_PORT;
        if (configuredSink == null) {
            sink.ask("ham:bridge out " + quoted + " " + OUT_PORT, "out-" + OUT_PORT, STEP);
        }
        source.ask("ham:bridge in " + IN_PORT + " " + quoted, "in-" + IN_PORT, STEP);
        // Warm the path up (tree formed, tunnel up) with probes the decoder never sees; ffmpeg starts after.
        long deadline = System.nanoTime() + STEP.toNanos();
        while (forwarded(sink, sinkBridge) == 0) {
            assertTrue(System.nanoTime() < deadline, path + ": nothing came through the bridges within " + STEP);
            bed.output(from, "python3", "-c", "import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.sendto(b'warm-up', ('127.0.0.1', " + IN_PORT + "))");
            Thread.sleep(500);
        }
        Thread.sleep(1000); // the last warm-up datagrams drain before the decoder listens
        long inBefore = forwarded(source, "in-" + IN_PORT);
        long outBefore = forwarded(sink, sinkBridge);

        Path log = temp.resolve(path + "-decoder.log");
        HostProcess decoder = keep(HostProcess.start("decoder", bed.command(to, List.of("ffmpeg", "-hide_banner", "-nostats", "-loglevel", "warning",
                "-i", "udp://127.0.0.1:" + OUT_PORT + "?timeout=6000000&fifo_size=1000000&overrun_nonfatal=1", "-f", "null", "-", "-progress", "pipe:1"))
                .redirectErrorStream(true)));
        Thread.sleep(1500);
        HostProcess encoder = keep(HostProcess.start("encoder", bed.command(from, List.of("ffmpeg", "-hide_banner", "-nostats", "-loglevel", "error", "-re",
                "-f", "lavfi", "-i", "testsrc=size=640x360:rate=25", "-t", String.valueOf(SECONDS), "-c:v", "mpeg2video", "-b:v", "2M", "-minrate", "2M",
                "-maxrate", "2M", "-bufsize", "1M", "-muxrate", "2400k", "-f", "mpegts", "udp://127.0.0.1:" + IN_PORT + "?pkt_size=1316"))
                .redirectErrorStream(true)));
        assertEquals(0, encoder.exitCode(Duration.ofSeconds(SECONDS + 60)), () -> "the encoder: " + encoder.lines());
        assertEquals(0, decoder.exitCode(Duration.ofSeconds(60)), () -> "the decoder: " + decoder.lines());
        Files.write(log, decoder.lines());
        long in = forwarded(source, "in-" + IN_PORT) - inBefore;
        long out = forwarded(sink, sinkBridge) - outBefore;
        int frames = decoder.lines().stream().filter(l -> l.startsWith("frame=")).mapToInt(l -> Integer.parseInt(l.substring(6).trim())).max().orElse(0);
        List<String> continuity = decoder.lines().stream().filter(l -> l.contains("Continuity check failed") || l.contains("corrupt")).toList();

        // One-way delay of the path: 200 timestamped datagrams of the stream's size, 5 ms apart.
        String probeOut = temp.resolve(path + "-delays.txt").toString();
        HostProcess delays = keep(HostProcess.start("delays", bed.command(to, List.of("python3", "-c", DELAY_RECEIVER, String.valueOf(OUT_PORT), probeOut))));
        delays.awaitLine(l -> l.contains("listening"), STEP, "the delay probe's receiver");
        bed.output(from, "python3", "-c", DELAY_SENDER, String.valueOf(IN_PORT));
        assertEquals(0, delays.exitCode(STEP), () -> "the delay probe: " + delays.lines());
        String figures = delays.lines().stream().filter(l -> l.startsWith("delay")).findFirst().orElse("delay ?");
        System.out.printf("bridge over %s: %d of %d frames decoded, %d continuity errors, datagrams into the group %d, out of it %d (%.2f %% lost); %s%n",
                path, frames, FRAMES, continuity.size(), in, out, in == 0 ? 100.0 : 100.0 * (in - out) / in, figures);
        assertEquals(List.of(), continuity, path + ": no continuity error");
        assertEquals(FRAMES, frames, path + ": every frame decoded; decoder log in " + log);
        assertEquals(in, out, path + ": every datagram the source bridge put on the group came out of the sink bridge");
    }

    /** The datagrams a bridge forwarded, from ham:bridge's listing. */
    private static long forwarded(HostProcess runtime, String name) throws Exception {
        int from = runtime.lines().size();
        runtime.send("ham:bridge"); // alone on its line: Gogo prints the value of a line's last command only
        runtime.send("echo listed-" + from);
        runtime.awaitLine(from, l -> l.contains("listed-" + from), STEP, "ham:bridge");
        Pattern p = Pattern.compile("name=" + Pattern.quote(name) + ",.*?datagrams=(\\d+)");
        for (String l : new ArrayList<>(runtime.lines().subList(from, runtime.lines().size()))) {
            Matcher m = p.matcher(l);
            if (m.find()) {
                return Long.parseLong(m.group(1));
            }
        }
        throw new AssertionError("no bridge " + name + " in " + runtime.lines().subList(from, runtime.lines().size()));
    }

    private static final String DELAY_SENDER = String.join("\n",
            "import socket, struct, sys, time",
            "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
            "for i in range(200):",
            "    s.sendto(struct.pack('!IQ', i, time.monotonic_ns()) + bytes(1304), ('127.0.0.1', int(sys.argv[1])))",
            "    time.sleep(0.005)");

    private static final String DELAY_RECEIVER = String.join("\n",
            "import socket, struct, sys, time",
            "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
            "s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)",
            "s.bind(('127.0.0.1', int(sys.argv[1])))",
            "s.settimeout(10)",
            "print('listening', flush=True)",
            "d = []",
            "try:",
            "    while len(d) < 200:",
            "        b = s.recv(2048)",
            "        if len(b) >= 12:",
            "            i, t = struct.unpack('!IQ', b[:12])",
            "            d.append((time.monotonic_ns() - t) / 1e6)",
            "except socket.timeout:",
            "    pass",
            "d.sort()",
            "open(sys.argv[2], 'w').write('\\n'.join(map(str, d)))",
            "print('delay ms p50 %.2f p99 %.2f max %.2f of %d probes' % (d[len(d) // 2], d[min(len(d) - 1, len(d) * 99 // 100)], d[-1], len(d)) if d else 'delay none arrived', flush=True)");
}
