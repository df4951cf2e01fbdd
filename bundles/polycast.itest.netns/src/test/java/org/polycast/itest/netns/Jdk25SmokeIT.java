package org.polycast.itest.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime images on the current LTS JDK (25), while the suite itself runs on 17: each technology moves messages between
 * hosts (network namespaces) with every runtime started by {@code ./polycast} under {@code JAVA_HOME} of a JDK 25. The JDK is
 * {@code -Dpolycast.jdk25=DIR} or the first JDK 25 in {@code /usr/lib/jvm}; without one the test skips and says so loudly.
 */
class Jdk25SmokeIT {
    private static final Duration STEP = Duration.ofSeconds(60);
    private static final int MESSAGES = 5;
    private static Path jdk;

    @TempDir
    Path temp;
    private NetnsTestBed bed;
    private final List<HostProcess> processes = new ArrayList<>();

    @BeforeAll
    static void jdk25AndNamespaces() throws IOException {
        String reason = NetnsTestBed.unavailableReason();
        jdk = findJdk25();
        if (reason == null && jdk == null) {
            reason = "no JDK 25 (set -Dpolycast.jdk25=DIR or install one under /usr/lib/jvm)";
        }
        if (reason != null) {
            System.err.println("\n*** SKIPPING the JDK 25 smoke tests: " + reason + " ***\n");
        }
        Assumptions.assumeTrue(reason == null, reason);
    }

    private static Path findJdk25() throws IOException {
        String configured = System.getProperty("polycast.jdk25", "");
        if (!configured.isBlank()) {
            return Path.of(configured);
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return null;
        }
        try (Stream<Path> dirs = Files.list(jvms)) {
            return dirs.filter(d -> Files.isExecutable(d.resolve("bin/java")) && release(d).contains("JAVA_VERSION=\"25")).sorted().findFirst().orElse(null);
        }
    }

    private static String release(Path jdk) {
        try {
            return Files.readString(jdk.resolve("release"));
        } catch (IOException e) {
            return "";
        }
    }

    @AfterEach
    void tearDown() {
        processes.forEach(HostProcess::close);
        if (bed != null) {
            bed.close();
        }
    }

    private HostProcess polycast(int host, Path home, String image, String commands) throws IOException {
        HostProcess p = HostProcess.polycast(bed, host, home, image, Map.of("JAVA_HOME", jdk.toString()), commands);
        processes.add(p);
        return p;
    }

    private Path home(String name, String file, String content) throws IOException {
        Path conf = Files.createDirectories(temp.resolve(name).resolve("conf"));
        if (file != null) {
            Files.writeString(conf.resolve(file), content);
        }
        return temp.resolve(name);
    }

    /** Waits for the receiver's line, checks that JDK 25 runs it, then sends and expects every message once, in order. */
    private void sendAndReceive(HostProcess receiver, String ready, int senderHost, Path senderHome, String image, String group, String canonical)
            throws Exception {
        receiver.awaitLine(l -> l.contains(ready), STEP, ready);
        assertTrue(receiver.javaCommand().startsWith(jdk.toString()), () -> "the receiver runs on " + receiver.javaCommand());
        HostProcess sender = polycast(senderHost, senderHome, image, "ham:send '" + group + "' jdk25 --count " + MESSAGES + " --interval 100");
        assertEquals(0, sender.exitCode(STEP), () -> "sender exit code; output: " + sender.lines());
        assertEquals(0, receiver.exitCode(STEP), () -> "receiver exit code; output: " + receiver.lines());
        assertEquals(IntStream.rangeClosed(1, MESSAGES).mapToObj(i -> canonical + " jdk25 #" + i).toList(),
                receiver.lines(l -> l.startsWith(canonical + " jdk25 #")), "every message once, in order, on JDK 25");
    }

    @Test
    void nativeMulticastBetweenTwoHosts() throws Exception {
        bed = NetnsTestBed.create(2, 50);
        String group = "ham:ip:239.25.0.1:5025";
        HostProcess rx = polycast(2, null, "native", "ham:join '" + group + "'; ham:listen '" + group + "' " + MESSAGES + " 60000");
        sendAndReceive(rx, "joined ", 1, null, "native", group, group);
    }

    @Test
    void amtThroughARelay() throws Exception {
        bed = NetnsTestBed.createUnlinked(3);
        bed.link(1, 2, 1); // source - relay
        bed.link(2, 3, 2); // relay - gateway
        String channel = "ham:ip:232.25.0.1@" + bed.linkIpv4(1, 1) + ":5000";
        polycast(2, home("relay", "org.polycast.amt.relay.cfg", "queryIntervalSeconds=2\ndataPorts=5000-5001\n"), "native", "ham:sleep 600000");
        long deadline = System.nanoTime() + STEP.toNanos();
        while (!bed.output(2, "ss", "-ulnH").contains(":2268")) {
            assertTrue(System.nanoTime() < deadline, "the relay did not listen on 2268 in time");
            Thread.sleep(100);
        }
        Path gateway = home("gw", "org.polycast.amt.gateway-amt0.config", "name=\"amt0\"\nrelays=[\"" + bed.linkIpv4(2, 2) + "\"]\n");
        HostProcess rx = polycast(3, gateway, "native", "ham:join '" + channel + "'; ham:listen '" + channel + "' " + MESSAGES + " 60000");
        rx.awaitLine(l -> l.startsWith("joined "), STEP, "joined");
        deadline = System.nanoTime() + STEP.toNanos();
        while (!bed.output(2, "ip", "maddr", "show", "dev", bed.linkName(1)).contains("232.25.0.1")) {
            assertTrue(System.nanoTime() < deadline, "the relay did not join upstream in time");
            Thread.sleep(100);
        }
        sendAndReceive(rx, "joined ", 1, null, "native", channel, channel);
    }

    @Test
    void almOverTheOverlay() throws Exception {
        bed = NetnsTestBed.create(3, 51);
        String group = "ham:opaque:jdk25";
        HostProcess first = polycast(1, overlayHome(1, false), "overlay", "ham:overlay await 1 60000; echo first-ready; ham:sleep 600000");
        first.awaitLine(l -> l.contains("first-ready"), STEP, "the first peer");
        HostProcess rx = polycast(2, overlayHome(2, true), "overlay",
                "ham:overlay await 2 90000; ham:join " + group + "; ham:sleep 2000; echo receiver-ready; ham:listen " + group + " " + MESSAGES + " 60000");
        rx.awaitLine(l -> l.contains("receiver-ready"), STEP.multipliedBy(2), "the receiver in the overlay");
        assertTrue(rx.javaCommand().startsWith(jdk.toString()), () -> "the receiver runs on " + rx.javaCommand());
        HostProcess tx = polycast(3, overlayHome(3, true), "overlay", "ham:overlay await 3 90000; ham:sleep 2000; ham:send " + group + " jdk25 --count "
                + MESSAGES + " --interval 100");
        assertEquals(0, tx.exitCode(STEP.multipliedBy(2)), () -> "sender exit code; output: " + tx.lines());
        assertEquals(0, rx.exitCode(STEP), () -> "receiver exit code; output: " + rx.lines());
        assertEquals(IntStream.rangeClosed(1, MESSAGES).mapToObj(i -> group + " jdk25 #" + i).toList(), rx.lines(l -> l.startsWith(group + " jdk25 #")),
                "every message once, in order, on JDK 25");
    }

    private Path overlayHome(int host, boolean bootstrap) throws IOException {
        return home("p" + host, "org.polycast.reload.cfg", "overlay=jdk25.polycast\nlistenAddress=" + bed.ipv4(host) + "\nport=6084\n"
                + (bootstrap ? "bootstrap=" + bed.ipv4(1) + ":6084\n" : ""));
    }
}
