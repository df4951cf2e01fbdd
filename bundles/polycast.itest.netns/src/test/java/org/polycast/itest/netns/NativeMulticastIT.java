package org.polycast.itest.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Native IPv4 and IPv6 multicast between Polycast runtimes on different hosts (network namespaces
 * on a bridge), and with plain multicast programs.
 */
class NativeMulticastIT {
    private static final Duration STEP = Duration.ofSeconds(30);

    /** The groups each family uses. */
    enum Family {
        IPV4(false, "239.1.2.3", "232.1.1.1"),
        IPV6(true, "ff15::1:2", "ff3e::8000:1");

        final boolean v6;
        final String asm;
        final String ssm;

        Family(boolean v6, String asm, String ssm) {
            this.v6 = v6;
            this.asm = asm;
            this.ssm = ssm;
        }

        String host(String address) {
            return v6 ? "[" + address + "]" : address;
        }

        /** A group name as a Gogo argument: quoted, since Gogo reads [...] as a list. */
        String name(String group, String source, int port) {
            return "'ham:ip:" + host(group) + (source != null ? "@" + host(source) : "") + ":" + port + "'";
        }

        String source(NetnsTestBed bed, int host) {
            return v6 ? bed.ipv6(host) : bed.ipv4(host);
        }
    }

    private NetnsTestBed bed;
    private final List<HostProcess> processes = new java.util.ArrayList<>();

    @BeforeAll
    static void namespacesAvailable() {
        String reason = NetnsTestBed.unavailableReason();
        if (reason != null) {
            System.err.println("\n*** SKIPPING the network-namespace tests: " + reason + " ***\n");
        }
        Assumptions.assumeTrue(reason == null, "network namespaces unavailable: " + reason);
    }

    @AfterEach
    void tearDown() {
        processes.forEach(HostProcess::close);
        if (bed != null) {
            bed.close();
        }
    }

    private HostProcess polycast(int host, String commands) throws Exception {
        return polycast(host, null, commands);
    }

    private HostProcess polycast(int host, java.nio.file.Path home, String commands) throws Exception {
        HostProcess p = HostProcess.polycast(bed, host, home, commands);
        processes.add(p);
        return p;
    }

    private static void assertSucceeded(HostProcess p) throws InterruptedException {
        assertEquals(0, p.exitCode(STEP), () -> "exit code; output: " + p.lines());
    }

    /** Sum of the RECEIVED column of the "if N ip" rows of ham:stats. */
    private static long ipReceived(HostProcess p) {
        return p.lines(l -> l.matches("if \\d+ ip .*")).stream().mapToLong(l -> Long.parseLong(l.trim().split("\\s+")[6])).sum();
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void asmMembersReceiveAndNothingArrivesAfterLeave(Family f) throws Exception {
        bed = NetnsTestBed.create(3, 10);
        String g = f.name(f.asm, null, 5000);
        HostProcess b = polycast(2, "ham:join " + g + "; ham:listen " + g + " 5 30000; ham:leave " + g + "; ham:sleep 4000; ham:stats");
        HostProcess c = polycast(3, "ham:join " + g + "; ham:listen " + g + " 5 30000; ham:leave " + g + "; ham:sleep 4000; ham:stats");
        b.awaitLine(l -> l.startsWith("joined "), STEP, "joined");
        c.awaitLine(l -> l.startsWith("joined "), STEP, "joined");
        assertTrue(bed.output(2, "ip", "maddr", "show", "dev", bed.iface(2)).contains(f.asm), "the kernel holds the membership");
        // A burst: the five leave as one UDP GSO packet, may arrive as one GRO read, and must still be five messages.
        assertSucceeded(polycast(1, "ham:send " + g + " early --count 5 --interval 0"));
        b.awaitLine(l -> l.startsWith("left "), STEP, "left");
        c.awaitLine(l -> l.startsWith("left "), STEP, "left");
        assertFalse(bed.output(2, "ip", "maddr", "show", "dev", bed.iface(2)).contains(f.asm), "leave removed the kernel membership");
        assertSucceeded(polycast(1, "ham:send " + g + " late --count 5 --interval 50"));
        for (HostProcess member : List.of(b, c)) {
            assertSucceeded(member);
            for (int i = 1; i <= 5; i++) {
                String expected = "ham:ip:" + f.host(f.asm) + ":5000 early #" + i;
                assertTrue(member.lines().contains(expected), () -> expected + " in " + member.lines());
            }
            assertTrue(member.lines(l -> l.contains("late")).isEmpty(), "nothing after leave");
            assertEquals(5, ipReceived(member), "the IP interfaces received the five early messages only");
        }
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void ssmReceiverGetsOnlyTheChosenSource(Family f) throws Exception {
        bed = NetnsTestBed.create(3, 11);
        String channel = f.name(f.ssm, f.source(bed, 1), 5001);
        String group = f.name(f.ssm, null, 5001);
        HostProcess rx = polycast(2, "ham:join " + channel + "; ham:listen " + channel + " 5 30000; ham:sleep 2000; ham:stats");
        rx.awaitLine(l -> l.startsWith("joined "), STEP, "joined");
        HostProcess s1 = polycast(1, "ham:send " + group + " from-source-1 --count 5 --interval 50");
        HostProcess s3 = polycast(3, "ham:send " + group + " from-source-3 --count 5 --interval 50");
        assertSucceeded(s1);
        assertSucceeded(s3);
        assertSucceeded(rx);
        assertEquals(5, rx.lines(l -> l.contains("from-source-1")).size(), () -> "output: " + rx.lines());
        assertTrue(rx.lines(l -> l.contains("from-source-3")).isEmpty(), "the other source is filtered out");
        assertEquals(5, ipReceived(rx), "the kernel dropped the other source's datagrams before Polycast saw them");
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void interoperatesWithPlainMulticastBothWays(Family f) throws Exception {
        bed = NetnsTestBed.create(2, 12);
        String g = f.name(f.asm, null, 6000);
        HostProcess rx = polycast(2, "ham:join " + g + "; ham:listen " + g + " 3 30000");
        rx.awaitLine(l -> l.startsWith("joined "), STEP, "joined");
        HostProcess plainTx = PlainMulticast.sender(bed, 1, f.v6, f.asm, 6000, List.of("plain-1", "plain-2", "plain-3"));
        processes.add(plainTx);
        assertEquals(0, plainTx.exitCode(STEP), () -> "plain sender: " + plainTx.lines());
        assertSucceeded(rx);
        for (int i = 1; i <= 3; i++) {
            assertTrue(rx.lines().contains("ham:ip:" + f.host(f.asm) + ":6000 plain-" + i), () -> "output: " + rx.lines());
        }

        // Spaced messages, then a burst of equal-sized ones, which may leave as one UDP GSO packet: a plain receiver gets
        // each message as its own datagram, with no Polycast framing.
        plainReceiverGets(f, 6001, "from-polycast", 3, 50);
        plainReceiverGets(f, 6002, "burst", 5, 0);
    }

    private void plainReceiverGets(Family f, int port, String text, int count, int intervalMillis) throws Exception {
        HostProcess plainRx = PlainMulticast.receiver(bed, 2, f.v6, f.asm, port, count, 30);
        processes.add(plainRx);
        plainRx.awaitLine("ready"::equals, STEP, "ready");
        assertSucceeded(polycast(1, "ham:send " + f.name(f.asm, null, port) + " " + text + " --count " + count + " --interval " + intervalMillis));
        assertEquals(0, plainRx.exitCode(STEP), () -> "plain receiver: " + plainRx.lines());
        for (int i = 1; i <= count; i++) {
            String expected = "got b'" + text + " #" + i + "'";
            assertTrue(plainRx.lines().contains(expected), () -> "each message its own datagram, unframed; expected " + expected + " in " + plainRx.lines());
        }
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void messagesLargerThanTheMtuCrossHostsInFragments(Family f) throws Exception {
        bed = NetnsTestBed.create(2, 14);
        String g = f.name(f.asm, null, 5100);
        String big = "0123456789".repeat(2000); // 20,000 bytes: 14 fragments at a 1500-byte MTU
        HostProcess rx = polycast(2, "ham:join " + g + "; ham:listen " + g + " 1 30000; ham:stats");
        rx.awaitLine(l -> l.startsWith("joined "), STEP, "joined");
        assertSucceeded(polycast(1, "ham:send " + g + " " + big));
        assertSucceeded(rx);
        assertTrue(rx.lines().contains("ham:ip:" + f.host(f.asm) + ":5100 " + big), "the message arrived whole");
        String row = rx.lines(l -> l.matches("if \\d+ ip .*") && !l.trim().split("\\s+")[7].equals("0")).get(0);
        assertEquals(Integer.toString((20000 + (f.v6 ? 1452 : 1472) - 33) / ((f.v6 ? 1452 : 1472) - 32)), row.trim().split("\\s+")[8],
                "fragments received: " + row);
    }

    @Test
    void withIpFragmentationPlainReceiversGetLargeMessagesWhole(@org.junit.jupiter.api.io.TempDir java.nio.file.Path home) throws Exception {
        bed = NetnsTestBed.create(2, 18);
        java.nio.file.Path conf = java.nio.file.Files.createDirectories(home.resolve("conf"));
        java.nio.file.Files.writeString(conf.resolve("org.polycast.ipv4.cfg"), "ipFragmentation=true\n");
        String big = "0123456789".repeat(2000); // 20,000 bytes: one UDP datagram, fragmented by the kernel
        HostProcess plainRx = PlainMulticast.receiver(bed, 2, false, "239.7.7.7", 6100, 1, 30);
        processes.add(plainRx);
        plainRx.awaitLine("ready"::equals, STEP, "ready");
        HostProcess tx = polycast(1, home, "ham:interfaces; ham:send ham:ip:239.7.7.7:6100 " + big);
        assertSucceeded(tx);
        assertEquals(0, plainRx.exitCode(STEP), () -> "plain receiver: " + plainRx.lines());
        assertTrue(plainRx.lines().contains("got b'" + big + "'"), "the plain receiver got the whole message in one datagram, no Polycast header");
        assertTrue(tx.lines().stream().anyMatch(l -> l.matches("\\d+\\s+ip\\s+" + bed.iface(1) + "\\s+\\S+\\s+UP\\s+65507\\s.*")),
                () -> "the atomic size is the largest UDP payload: " + tx.lines());
    }

    @Test
    void networkInterfacesThatComeAndGoAreFoundWhileTheRuntimeRuns() throws Exception {
        bed = NetnsTestBed.create(1, 16);
        // rescanSeconds is 5: each ham:interfaces below comes after at least one rescan.
        HostProcess p = polycast(1, "ham:interfaces; echo added; ham:sleep 7000; ham:interfaces; echo removed; ham:sleep 7000; ham:interfaces");
        p.awaitLine("added"::equals, STEP, "the first listing");
        bed.addLocalLink(1, "late0", "198.18.17.1");
        p.awaitLine("removed"::equals, STEP, "the second listing");
        bed.deleteLink(1, "late0");
        assertSucceeded(p);
        List<String> lines = p.lines();
        int added = lines.indexOf("added");
        int removed = lines.indexOf("removed");
        assertTrue(lines.subList(0, added).stream().noneMatch(l -> l.contains("late0")), "not there at start");
        assertTrue(lines.subList(added, removed).stream().anyMatch(l -> l.matches("\\d+\\s+ip\\s+late0\\s+198\\.18\\.17\\.1\\s+UP.*")),
                () -> "found after it came: " + lines);
        assertTrue(lines.subList(removed, lines.size()).stream().noneMatch(l -> l.contains("late0")), () -> "gone after it went: " + lines);
    }

    @Test
    void perInterfaceConfigurationAddsAndRemovesInterfaces(@org.junit.jupiter.api.io.TempDir java.nio.file.Path home) throws Exception {
        bed = NetnsTestBed.create(1, 15);
        java.nio.file.Path conf = java.nio.file.Files.createDirectories(home.resolve("conf"));
        // Factory configurations, one file each (FileInstall: <factory PID>-<name>.cfg).
        java.nio.file.Files.writeString(conf.resolve("org.polycast.ipv4.interface-lo.cfg"), "name=lo\nenabled=true\ndefaultTtl=2\n");
        java.nio.file.Files.writeString(conf.resolve("org.polycast.ipv4.interface-eth.cfg"), "name=" + bed.iface(1) + "\ndefaultTtl=7\n");
        java.nio.file.Files.writeString(conf.resolve("org.polycast.ipv6.interface-eth.cfg"), "name=" + bed.iface(1) + "\nenabled=false\n");
        HostProcess p = polycast(1, home, "ham:interfaces");
        assertSucceeded(p);
        assertTrue(p.lines().stream().anyMatch(l -> l.matches("\\d+\\s+ip\\s+lo\\s+127\\.0\\.0\\.1\\s+UP\\s+\\d+\\s+2\\s.*")),
                () -> "loopback added with TTL 2: " + p.lines());
        assertTrue(p.lines().stream().anyMatch(l -> l.matches("\\d+\\s+ip\\s+" + bed.iface(1) + "\\s+\\S+\\s+UP\\s+1472\\s+7\\s.*")),
                () -> "the interface's own hop limit: " + p.lines());
        assertTrue(p.lines().stream().noneMatch(l -> l.contains(bed.iface(1) + "-v6")), () -> "IPv6 left out on the interface: " + p.lines());
    }

    @Test
    void reinstallingIpv6WhileIpv4FlowsLosesNoIpv4Message() throws Exception {
        bed = NetnsTestBed.create(2, 13);
        String g = "ham:ip:239.5.5.5:7000";
        String ipv6Jar = new java.io.File(System.getProperty("polycast.ipv6.jar")).toURI().toString();
        StringBuilder cycles = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            // felix:install answers "Bundle ID: N"; start by id (Gogo's name lookup can find the uninstalled bundle).
            cycles.append("uninstall polycast.ipv6; r = (install ").append(ipv6Jar).append("); start ($r substring 11); ham:sleep 150; ");
        }
        HostProcess rx = polycast(2, "ham:join " + g + "; " + cycles + "echo cycles-done; ham:sleep 3000; ham:listen " + g + " 200 60000; ham:interfaces");
        rx.awaitLine(l -> l.startsWith("joined "), STEP, "joined");
        HostProcess tx = polycast(1, "ham:send " + g + " n --count 200 --interval 15");
        assertSucceeded(tx);
        assertTrue(rx.lines(l -> l.equals("cycles-done")).isEmpty(), "every message was sent while IPv6 was being reinstalled");
        rx.awaitLine("cycles-done"::equals, STEP, "the end of the cycles");
        List<String> threads = rx.javaThreadNames();
        // Netty starts event loop threads lazily: at most the two of the one live IPv6 technology.
        assertTrue(threads.stream().filter(t -> t.startsWith("polycast-ipv6-io")).count() <= 2, () -> "no IPv6 event loops leaked: " + threads);
        assertEquals(1, threads.stream().filter(t -> t.startsWith("polycast-ipv6-scan")).count(), () -> "one IPv6 scanner left: " + threads);
        assertTrue(threads.stream().filter(t -> t.startsWith("polycast-if")).count() <= 2 * 3, () -> "interface threads of three Interfaces at most: " + threads);
        assertSucceeded(rx);
        List<String> received = rx.lines(l -> l.startsWith(g + " n #"));
        assertEquals(200, received.size(), () -> "all 200 IPv4 messages; output: " + rx.lines());
        assertEquals(IntStream.rangeClosed(1, 200).mapToObj(i -> g + " n #" + i).toList(), received, "in order, none lost or doubled");
        assertTrue(rx.lines().stream().anyMatch(l -> l.contains(bed.iface(2) + "-v6") && l.contains("UP")), "IPv6 is back at the end");
    }
}
