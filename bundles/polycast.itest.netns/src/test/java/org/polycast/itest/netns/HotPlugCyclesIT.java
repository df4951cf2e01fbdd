package org.polycast.itest.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/**
 * Hot plug under load: in a receiving runtime, each technology bundle is uninstalled and installed again a hundred
 * times while a stream flows over another technology; not one message of the stream is lost or doubled, the shell's
 * socket never sees an error, and afterwards the runtime has no more threads or file descriptors than before the
 * cycles (give or take what a live technology starts lazily) and Netty's paranoid leak detector reported nothing.
 */
class HotPlugCyclesIT extends NamespaceTestSupport {
    private static final Duration STEP = Duration.ofSeconds(300);
    private static final int CYCLES = Integer.getInteger("polycast.itest.hotplug.cycles", 100);




    private static String cycles(String symbolicName, String jarProperty) {
        String url = new File(System.getProperty(jarProperty)).toURI().toString();
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < CYCLES; i++) {
            // felix:install answers "Bundle ID: N"; start by id (Gogo's name lookup can find the uninstalled bundle).
            s.append("uninstall ").append(symbolicName).append("; r = (install ").append(url).append("); start ($r substring 11); ham:sleep 20; ");
        }
        return s.toString();
    }

    /** What the JVM's file descriptors point to (sockets, pipes, anon inodes such as epoll, files). */
    private static List<String> openFiles(HostProcess p) throws Exception {
        long pid = p.javaPid();
        List<String> out = new ArrayList<>();
        try (var files = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : files.toList()) {
                try {
                    out.add(Files.readSymbolicLink(fd).toString().replaceAll("\\[\\d+\\]", "[]"));
                } catch (java.io.IOException e) {
                    // closed between the listing and the read
                }
            }
        }
        java.util.Collections.sort(out);
        return out;
    }

    private static Map<String, Long> kinds(List<String> files) {
        return files.stream().collect(java.util.stream.Collectors.groupingBy(f -> f, java.util.TreeMap::new, java.util.stream.Collectors.counting()));
    }

    @Test
    void everyTechnologyCycledAHundredTimesUnderLoadLosesNothingAndLeaksNothing() throws Exception {
        bed = NetnsTestBed.create(2, 38);
        String v4 = "ham:ip:239.8.8.8:7008";
        String v6 = "'ham:ip:[ff3e::8:8]:7008'";
        Map<String, String> paranoid = Map.of("POLYCAST_JAVA_OPTS", "-Dio.netty.leakDetection.level=paranoid");
        Path home = Files.createDirectories(temp.resolve("rx"));
        HostProcess rx = HostProcess.console(bed, 2, home, paranoid, "native");
        processes.add(rx);
        rx.ask("ham:join " + v4 + "; ham:join " + v6 + "; ham:sleep 2000; echo ready", "ready", STEP);
        List<String> threadsBefore = rx.javaThreadNames();
        List<String> filesBefore = openFiles(rx);

        // Phase 1: IPv4 carries the stream while IPv6, AMT, the overlay, ALM and loopback come and go.
        int phase1 = 1500;
        HostProcess tx = HostProcess.polycast(bed, 1, temp.resolve("tx1"), "native", Map.of(), "ham:send " + v4 + " a --count " + phase1 + " --interval 15");
        processes.add(tx);
        rx.ask(cycles("polycast.ipv6", "polycast.ipv6.jar") + cycles("polycast.amt", "polycast.amt.jar") + cycles("polycast.reload", "polycast.reload.jar")
                + cycles("polycast.alm", "polycast.alm.jar") + cycles("polycast.loopback", "polycast.loopback.jar") + "echo phase1-cycled", "phase1-cycled", STEP);
        assertEquals(0, tx.exitCode(STEP), () -> "the sender: " + tx.lines());
        int from = rx.lines().size();
        rx.ask("ham:sleep 1500; ham:listen " + v4 + " " + phase1 + " 30000; echo phase1-heard", "phase1-heard", STEP);
        List<String> heard = rx.lines().subList(from, rx.lines().size()).stream().map(l -> l.startsWith("g! ") ? l.substring(3) : l)
                .filter(l -> l.startsWith(v4 + " a #")).toList();
        assertEquals(IntStream.rangeClosed(1, phase1).mapToObj(i -> v4 + " a #" + i).toList(), heard, "every IPv4 message, once, in order");

        // Phase 2: IPv6 carries the stream while IPv4 comes and goes.
        int phase2 = 500;
        HostProcess tx2 = HostProcess.polycast(bed, 1, temp.resolve("tx2"), "native", Map.of(), "ham:send " + v6 + " b --count " + phase2 + " --interval 15");
        processes.add(tx2);
        rx.ask(cycles("polycast.ipv4", "polycast.ipv4.jar") + "echo phase2-cycled", "phase2-cycled", STEP);
        assertEquals(0, tx2.exitCode(STEP), () -> "the second sender: " + tx2.lines());
        from = rx.lines().size();
        rx.ask("ham:sleep 1500; ham:listen " + v6 + " " + phase2 + " 30000; echo phase2-heard", "phase2-heard", STEP);
        long heard2 = rx.lines().subList(from, rx.lines().size()).stream().map(l -> l.startsWith("g! ") ? l.substring(3) : l)
                .filter(l -> l.startsWith("ham:ip:[ff3e::8:8]:7008 b #")).distinct().count();
        assertEquals(phase2, heard2, "every IPv6 message, once");

        rx.ask("ham:sleep 3000; echo settled", "settled", STEP);
        List<String> threadsAfter = rx.javaThreadNames();
        List<String> filesAfter = openFiles(rx);
        System.out.println("hot plug: " + 6 * CYCLES + " cycles; threads " + threadsBefore.size() + " -> " + threadsAfter.size() + ", open files " + filesBefore.size()
                + " -> " + filesAfter.size() + "; before " + kinds(filesBefore) + "; after " + kinds(filesAfter));
        // Lazily started threads of live technologies (Netty event loops) may add a few; a leak per cycle would add hundreds.
        assertTrue(threadsAfter.size() <= threadsBefore.size() + 8, () -> "threads before " + threadsBefore + "\nafter " + threadsAfter);
        assertTrue(filesAfter.size() <= filesBefore.size() + 16, "file descriptors " + kinds(filesBefore) + " -> " + kinds(filesAfter));
        assertTrue(rx.lines().stream().noneMatch(l -> l.contains("LEAK:")), "Netty's leak detector reported nothing");
        // The one expected race: the core opening an Interface (replaying joins) while its bundle is being uninstalled
        // gets "interface ... is closed", logged as a warning. Anything else with an exception in it is a bug.
        List<String> unexpected = rx.lines().stream().filter(l -> l.contains("Exception") && !l.matches(".*IOException: interface \\S+ is closed.*"))
                .limit(5).toList();
        assertTrue(unexpected.isEmpty(), () -> "no unexpected exception in the runtime's output: " + unexpected);
        assertTrue(rx.lines().stream().noneMatch(l -> l.startsWith("gogo:") || l.startsWith("g! gogo:")), "no command failed");
    }
}
