package org.polycast.itest.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * A third-party technology hot-deployed into running runtimes: the example UDP tunnel bundle dropped into the
 * deploy/ folders of two runtimes (overlay image, so nothing but the tunnel connects their JVMs) appears as an
 * Interface within seconds, carries a group between them, and goes away again when its jar is removed, while
 * the sockets stay open.
 */
class DeployedTechnologyIT extends NamespaceTestSupport {
    private static final Duration STEP = Duration.ofSeconds(60);
    private static final String GROUP = "ham:opaque:deployed";




    private HostProcess runtime(String name, int port, int peer) throws Exception {
        Path conf = Files.createDirectories(temp.resolve(name).resolve("conf"));
        Files.writeString(conf.resolve("org.polycast.example.tunnel-t.cfg"), "name=tun0\nport=" + port + "\npeers=127.0.0.1:" + peer + "\n");
        HostProcess p = HostProcess.console(bed, 1, temp.resolve(name), Map.of(), "overlay");
        processes.add(p);
        return p;
    }

    private static void awaitInterfaces(HostProcess p, boolean tunnel) throws Exception {
        long deadline = System.nanoTime() + STEP.toNanos();
        int round = 0;
        while (true) {
            int from = p.lines().size();
            p.ask("ham:interfaces; echo listed-" + ++round, "listed-" + round, STEP);
            boolean has = p.lines().subList(from, p.lines().size()).stream().anyMatch(l -> l.matches(".*\\d+\\s+tunnel\\s+tun0\\s.*UP.*"));
            if (has == tunnel) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "the tunnel Interface " + (tunnel ? "appeared" : "went away") + ": " + p.lines());
            Thread.sleep(500);
        }
    }

    @Test
    void aTechnologyDroppedIntoDeployCarriesGroupsAndLeavesCleanly() throws Exception {
        bed = NetnsTestBed.create(1, 37);
        HostProcess a = runtime("a", 7046, 7047);
        HostProcess b = runtime("b", 7047, 7046);
        a.ask("ham:join " + GROUP, "joined", STEP);
        b.ask("ham:join " + GROUP, "joined", STEP);
        awaitInterfaces(a, false);
        Path jar = Path.of(System.getProperty("polycast.tunnel.jar"));
        for (String home : List.of("a", "b")) {
            Files.copy(jar, temp.resolve(home).resolve("deploy").resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        awaitInterfaces(a, true);
        awaitInterfaces(b, true);
        a.ask("ham:send " + GROUP + " through-the-tunnel --count 3 --interval 100", "sent 3", STEP);
        int from = b.lines().size();
        b.ask("ham:listen " + GROUP + " 3 10000; echo got-them", "got-them", STEP);
        List<String> got = b.lines().subList(from, b.lines().size()).stream().map(l -> l.startsWith("g! ") ? l.substring(3) : l)
                .filter(l -> l.startsWith(GROUP + " through-the-tunnel #")).toList();
        assertEquals(3, got.size(), "three messages from the other JVM, over the only technology between them: " + b.lines());

        Files.delete(temp.resolve("b").resolve("deploy").resolve(jar.getFileName()));
        awaitInterfaces(b, false);
        String sockets = b.ask("ham:sockets", GROUP, STEP);
        assertTrue(sockets.contains(GROUP), "the socket stayed open with its membership: " + sockets);
        a.ask("ham:send " + GROUP + " after --count 1", "sent 1", STEP);
    }
}
