package org.polycast.itest.netns;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every multi-namespace test shares: skipped loudly where namespaces cannot be made, a temporary folder for
 * runtime homes, and the test bed and processes it started, always removed afterwards.
 */
abstract class NamespaceTestSupport {
    @TempDir
    Path temp;
    NetnsTestBed bed;
    final List<HostProcess> processes = new ArrayList<>();

    @BeforeEach
    void requireNamespaces() {
        String why = NetnsTestBed.unavailableReason();
        assumeTrue(why == null, why);
    }

    @AfterEach
    void removeWhatTheTestMade() {
        processes.forEach(HostProcess::close);
        if (bed != null) {
            bed.close();
        }
    }

    /** -Dpolycast.itest.alm.trace=true: the runtimes print every ALM tree event with the trees' state (for chasing losses). */
    static final Map<String, String> ALM_TRACE = Boolean.getBoolean("polycast.itest.alm.trace")
            ? Map.of("POLYCAST_JAVA_OPTS", "-Dpolycast.alm.trace=true") : Map.of();

    /** How long one console step (a command, a wait for messages or for a state) may take. */
    static final Duration CONSOLE_STEP = Duration.ofSeconds(120);

    /** Keeps a process to be closed after the test. */
    HostProcess keep(HostProcess p) {
        processes.add(p);
        return p;
    }

    /** A console runtime of the native image; {@code files} are written into its conf/ first. */
    HostProcess runtime(String name, int host, Map<String, String> files) throws Exception {
        return runtime(name, host, files, "native");
    }

    /** A console runtime of an image; {@code files} are written into its conf/ first. */
    HostProcess runtime(String name, int host, Map<String, String> files, String image) throws Exception {
        Path home = temp.resolve(name);
        Path conf = Files.createDirectories(home.resolve("conf"));
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(conf.resolve(f.getKey()), f.getValue());
        }
        HostProcess p = HostProcess.console(bed, host, home, ALM_TRACE, image);
        processes.add(p);
        return p;
    }

    /** Messages of a group the receiver printed, tag -> count. */
    static Map<String, Integer> received(HostProcess p, String group, String tag) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (String l : p.lines()) {
            String line = l.startsWith("g! ") ? l.substring(3) : l;
            if (line.startsWith(group + " " + tag + " #")) {
                counts.merge(line.substring(group.length() + 1), 1, Integer::sum);
            }
        }
        return counts;
    }

    /**
     * Prints what the runtime's shell socket for the group has queued (its joined socket keeps messages
     * until ham:listen reads them), a second at a time, until {@code count} messages with the tag were
     * printed. The console runs one command at a time, so a runtime can send between these reads.
     */
    static void drainUntil(HostProcess p, String group, String tag, int count) throws Exception {
        long deadline = System.nanoTime() + CONSOLE_STEP.toNanos();
        int round = 0;
        while (received(p, group, tag).size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("got " + received(p, group, tag).size() + " of " + count + " '" + tag + "': " + p.lines());
            }
            p.send("ham:listen '" + group + "' 100000 1000");
            p.ask("echo drained-" + ++round, "drained-" + round, CONSOLE_STEP);
        }
    }

    /** A runtime's Node-ID, from {@code ham:overlay}. */
    static String nodeId(HostProcess p) throws Exception {
        String line = p.ask("ham:overlay", " user ", CONSOLE_STEP);
        int at = line.indexOf("peer ");
        return line.substring(at + 5, at + 5 + 32);
    }

    /**
     * The first of the names {@code names(0), names(1), ...} whose ALM group id (CHORD-RELOAD: SHA-1 of the name, first
     * 128 bits) falls to {@code root}: the first Node-ID of the ring at or after the id.
     */
    static String groupRootedAt(String root, java.util.Collection<String> ring, java.util.function.IntFunction<String> names) throws Exception {
        return groupRootedAt(root, ring, names, id -> true);
    }

    /** As above, for a group id that also meets {@code where}. */
    static String groupRootedAt(String root, java.util.Collection<String> ring, java.util.function.IntFunction<String> names,
            java.util.function.Predicate<String> where) throws Exception {
        List<String> sorted = ring.stream().sorted().toList();
        for (int i = 0; i < 100_000; i++) {
            String name = names.apply(i);
            byte[] sha1 = java.security.MessageDigest.getInstance("SHA-1").digest(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String id = java.util.HexFormat.of().formatHex(sha1, 0, 16);
            String responsible = sorted.stream().filter(n -> n.compareTo(id) >= 0).findFirst().orElse(sorted.get(0));
            if (responsible.equals(root) && where.test(id)) {
                return name;
            }
        }
        throw new AssertionError("no group name falls to " + root);
    }

    /** Waits until a receiver that listens on its own has printed {@code count} messages with the tag. */
    static void awaitCount(HostProcess p, String group, String tag, int count) throws InterruptedException {
        long deadline = System.nanoTime() + CONSOLE_STEP.toNanos();
        while (received(p, group, tag).size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("got " + received(p, group, tag).size() + " of " + count + " '" + tag + "': " + p.lines());
            }
            Thread.sleep(200);
        }
    }

    static void awaitDesignated(HostProcess gateway) throws Exception {
        long deadline = System.nanoTime() + CONSOLE_STEP.toNanos();
        while (true) {
            int from = gateway.lines().size();
            gateway.ask("ham:gateway; echo gw-done", "gw-done", CONSOLE_STEP);
            List<String> out = gateway.lines().subList(from, gateway.lines().size());
            if (out.stream().anyMatch(l -> l.contains("group ") && l.contains(" designated"))
                    && out.stream().anyMatch(l -> l.contains("side B alm") && !l.endsWith("interfaces []"))) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the gateway never became designated: " + out);
            }
            Thread.sleep(500);
        }
    }
}
