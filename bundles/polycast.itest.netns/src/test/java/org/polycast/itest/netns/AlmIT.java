package org.polycast.itest.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Application-layer multicast across namespaces over real TLS: in each of three namespaces a receiving
 * runtime and a sending runtime of the overlay image (no native multicast technology at all), six
 * overlay peers in all. The receivers join one group name; each sender sends ten messages through the
 * Polycast API; every receiver gets every message exactly once, carried on the SCRIBE-SAM tree over
 * the RELOAD overlay (even the sender beside it is another JVM, so nothing arrives over loopback).
 */
class AlmIT {
    private static final int HOSTS = 3;
    private static final int MESSAGES = 10;
    private static final Duration STEP = Duration.ofSeconds(90);
    private static final String GROUP = "ham:opaque:it-news";
    /** -Dpolycast.itest.alm.trace=true: the runtimes print their tree events (for chasing the flakiness). */
    private static final Map<String, String> TRACE = Boolean.getBoolean("polycast.itest.alm.trace")
            ? Map.of("POLYCAST_JAVA_OPTS", "-Dpolycast.alm.trace=true") : Map.of();

    @TempDir
    Path temp;
    private NetnsTestBed bed;
    private final List<HostProcess> processes = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        String why = NetnsTestBed.unavailableReason();
        assumeTrue(why == null, why);
        bed = NetnsTestBed.create(HOSTS, 31);
    }

    @AfterEach
    void tearDown() {
        processes.forEach(HostProcess::close);
        if (bed != null) {
            bed.close();
        }
    }

    private Path home(String name, int host, int port) throws Exception {
        Path conf = Files.createDirectories(temp.resolve(name).resolve("conf"));
        Files.writeString(conf.resolve("org.polycast.reload.cfg"), "overlay=alm-it.polycast\nupdateIntervalSeconds=5\nlistenAddress=" + bed.ipv4(host) + "\nport=" + port + "\n"
                + (host == 1 && port == 6084 ? "" : "bootstrap=" + bed.ipv4(1) + ":6084\n"));
        return temp.resolve(name);
    }

    private HostProcess receiver(int host) throws Exception {
        HostProcess p = HostProcess.polycast(bed, host, home("rx" + host, host, 6084), "overlay", TRACE,
                "ham:overlay await " + (host == 1 ? 1 : 2) + " 90000; ham:overlay; echo receiver-ready; ham:listen '" + GROUP + "' " + HOSTS * MESSAGES + " 60000; ham:alm; ham:overlay");
        processes.add(p);
        return p;
    }

    private HostProcess sender(int host) throws Exception {
        HostProcess p = HostProcess.console(bed, host, home("tx" + host, host, 6085), TRACE, "overlay");
        processes.add(p);
        return p;
    }


    @Test
    void receiversInThreeNamespacesGetEveryMessageOnceThroughTheOverlay() throws Exception {
        List<HostProcess> receivers = new ArrayList<>();
        List<HostProcess> senders = new ArrayList<>();
        // Peers join one after another (concurrent joins over TLS are a known weak spot, see the project notes).
        for (int h = 1; h <= HOSTS; h++) {
            receivers.add(receiver(h));
            receivers.get(h - 1).awaitLine(l -> l.contains("receiver-ready"), STEP, "the receiver in the overlay");
        }
        for (int h = 1; h <= HOSTS; h++) {
            senders.add(sender(h));
            senders.get(h - 1).ask("ham:overlay await 3 90000", "overlay ready", STEP);
        }
        // The tree, as the NodeQuery crawl from a sender sees it, must hold every receiver before anything is sent.
        List<String> receiverIds = new ArrayList<>();
        for (HostProcess r : receivers) {
            String line = r.lines(l -> l.startsWith("peer ") && l.contains(" user ")).get(0);
            receiverIds.add(line.substring(5, 5 + 32));
        }
        long deadline = System.nanoTime() + STEP.toNanos();
        String tree = "";
        while (!receiverIds.stream().allMatch(tree::contains)) {
            if (System.nanoTime() > deadline) {
                for (HostProcess sender : senders) {
                    sender.ask("ham:alm; ham:overlay", "counters:", STEP);
                }
                for (HostProcess r : receivers) {
                    r.exitCode(STEP);
                }
                throw new AssertionError("the tree never held every receiver " + receiverIds + "; last crawl: " + tree);
            }
            Thread.sleep(500);
            int before = senders.get(0).lines().size();
            senders.get(0).ask("ham:tree '" + GROUP + "'; echo tree-done", "tree-done", STEP);
            List<String> all = senders.get(0).lines();
            tree = String.join("\n", all.subList(before, all.size()));
        }
        for (int h = 1; h <= HOSTS; h++) {
            senders.get(h - 1).ask("ham:send '" + GROUP + "' from-h" + h + " --count " + MESSAGES + " --interval 50", "sent " + MESSAGES, STEP);
        }
        for (HostProcess sender : senders) {
            // The senders' tree counters go into the test log (what a failure would need).
            sender.ask("ham:alm", "counters:", STEP);
        }
        for (int h = 1; h <= HOSTS; h++) {
            HostProcess r = receivers.get(h - 1);
            assertEquals(0, r.exitCode(STEP), () -> "receiver exit code; output: " + r.lines());
            for (int other = 1; other <= HOSTS; other++) {
                String tag = GROUP + " from-h" + other + " #";
                List<String> got = r.lines(l -> l.startsWith(tag));
                assertEquals(MESSAGES, got.size(), "host " + h + " got from host " + other + ": " + got);
                assertEquals(MESSAGES, got.stream().distinct().count(), "duplicates at host " + h);
            }
        }
    }
}
