package org.polycast.itest.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * AMT across network namespaces: a native source in SRC, the relay in RELAY (multicast-capable
 * link to SRC), the gateway in GW reachable from the relay by unicast only (the relay does not
 * route multicast, so AMT is the gateway's only way to the source's traffic).
 *
 * <pre>
 *  SRC (1) l1 198.18.1.1 ── 198.18.1.2 l1  RELAY (2)  l2 198.18.2.2 ── 198.18.2.3 l2  GW (3)
 *          l4 198.18.4.1 ── 198.18.4.4 l4  RELAY2 (4) l5 198.18.5.4 ── 198.18.5.3 l5
 * </pre>
 *
 * IPv6 on the same links: 2001:2:0:S::host.
 */
class AmtIT {
    private static final Duration STEP = Duration.ofSeconds(40);
    private static final int SRC = 1;
    private static final int RELAY = 2;
    private static final int GW = 3;
    private static final int RELAY2 = 4;

    private NetnsTestBed bed;
    private final List<HostProcess> processes = new ArrayList<>();
    @TempDir
    Path temp;

    @BeforeAll
    static void namespacesAvailable() {
        String reason = NetnsTestBed.unavailableReason();
        if (reason != null) {
            System.err.println("\n*** SKIPPING the AMT network-namespace tests: " + reason + " ***\n");
        }
        Assumptions.assumeTrue(reason == null, "network namespaces unavailable: " + reason);
    }

    @BeforeEach
    void topology() throws Exception {
        bed = NetnsTestBed.createUnlinked(4);
        bed.link(SRC, RELAY, 1);
        bed.link(RELAY, GW, 2);
    }

    @AfterEach
    void tearDown() {
        processes.forEach(HostProcess::close);
        bed.close();
    }

    private HostProcess polycast(int host, Path home, String commands) throws Exception {
        HostProcess p = HostProcess.polycast(bed, host, home, commands);
        processes.add(p);
        return p;
    }

    private Path home(String name, String file, String content) throws Exception {
        Path conf = Files.createDirectories(temp.resolve(name).resolve("conf"));
        Files.writeString(conf.resolve(file), content);
        return temp.resolve(name);
    }

    /** A relay with a short query interval, so that refreshes and failover happen within a test. */
    private HostProcess relay(int host, String script) throws Exception {
        Path home = home("relay" + host, "org.polycast.amt.relay.cfg", "queryIntervalSeconds=2\ndataPorts=5000-5001\n");
        HostProcess relay = polycast(host, home, script);
        awaitOutput(host, List.of("ss", "-ulnH"), ":2268", true, "the relay listening");
        return relay;
    }

    private Path gatewayHome(String... relays) throws Exception {
        StringBuilder list = new StringBuilder();
        for (String r : relays) {
            list.append(list.length() == 0 ? "" : ",").append('"').append(r).append('"');
        }
        return home("gw", "org.polycast.amt.gateway-amt0.config", "name=\"amt0\"\nrelays=[" + list + "]\nmaxBackoffSeconds=I\"4\"\n");
    }

    /** Polls a command's output in a namespace until it contains (or no longer contains) the text. */
    private void awaitOutput(int host, List<String> command, String text, boolean present, String what) throws Exception {
        long deadline = System.nanoTime() + STEP.toNanos();
        String out = "";
        while (System.nanoTime() < deadline) {
            out = bed.output(host, command.toArray(new String[0]));
            if (out.contains(text) == present) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what + "; last output of " + command + ": " + out);
    }

    private void awaitUpstreamJoin(int host, String link, String group, boolean present) throws Exception {
        awaitOutput(host, List.of("ip", "maddr", "show", "dev", link), group, present, (present ? "" : "no ") + "upstream membership of " + group);
    }

    private static void assertSucceeded(HostProcess p) throws InterruptedException {
        assertEquals(0, p.exitCode(STEP), () -> "exit code; output: " + p.lines());
    }

    private static String quoted(String name) {
        return "'" + name + "'";
    }

    @ParameterizedTest(name = "{0} underlay, group {1}")
    @CsvSource({"ipv4, 232.1.1.1, 198.18.1.1", "ipv4, ff3e::8000:1, 2001:2:0:1::1", "ipv6, 232.1.1.1, 198.18.1.1"})
    void sourceSpecificStreamArrivesWholeAndInOrderAndLeaveStopsIt(String underlay, String group, String source) throws Exception {
        boolean v6 = group.contains(":");
        String channel = "ham:ip:" + (v6 ? "[" + group + "]@[" + source + "]" : group + "@" + source) + ":5000";
        Capture capture = Capture.start(bed, GW, bed.linkName(2), temp.resolve("gw.pcap"));
        processes.add(capture.process());
        relay(RELAY, "ham:sleep 600000");
        String relayAddress = underlay.equals("ipv6") ? "[" + bed.linkIpv6(2, RELAY) + "]" : bed.linkIpv4(2, RELAY);
        HostProcess rx = polycast(GW, gatewayHome(relayAddress), "ham:listen " + quoted(channel) + " 50 60000; ham:leave " + quoted(channel)
                + "; echo left; ham:sleep 3000; ham:amt; ham:stats");
        awaitUpstreamJoin(RELAY, bed.linkName(1), group, true);
        assertSucceeded(polycast(SRC, null, "ham:send " + quoted(channel) + " m --count 50 --interval 10"));
        rx.awaitLine("left"::equals, STEP, "left");
        awaitUpstreamJoin(RELAY, bed.linkName(1), group, false);
        assertSucceeded(polycast(SRC, null, "ham:send " + quoted(channel) + " late --count 5 --interval 10"));
        assertSucceeded(rx);
        String canonical = rx.lines(l -> l.startsWith("ham:ip:") && l.endsWith(" m #1")).get(0).replace(" m #1", "");
        assertEquals(IntStream.rangeClosed(1, 50).mapToObj(i -> canonical + " m #" + i).toList(), rx.lines(l -> l.startsWith(canonical + " m #")),
                "every message, once, in order");
        assertTrue(rx.lines(l -> l.contains("late")).isEmpty(), "nothing after leave");
        assertTrue(rx.lines().stream().anyMatch(l -> l.contains("data-in=50 ")), () -> "the gateway decapsulated exactly 50: " + rx.lines());

        capture.stop();
        List<String> decoded = capture.amtMessages();
        for (String type : List.of("1", "2", "3", "4", "5", "6")) {
            assertTrue(decoded.stream().anyMatch(l -> l.startsWith(type + "\t")), () -> "AMT type " + type + " captured: " + decoded);
        }
        assertEquals(List.of(), capture.problems(), "tshark found no malformed packet and no bad checksum");
    }

    /** Polls {@code ss} in the relay's namespace until the relay has a socket on the address, at most {@code within}. */
    private void awaitServed(String address, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        String out = "";
        while (System.nanoTime() < deadline) {
            out = bed.output(RELAY, "ss", "-ulnH", "sport", "=", "2268");
            if (out.contains(address + ":2268")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the relay did not serve " + address + " within " + within + "; its sockets: " + out);
    }

    @Test
    void anAddressAddedAndAnInterfaceBroughtUpAfterTheRelayStartsAreServedWithinARescan() throws Exception {
        // A link that is down when the relay starts (Java lists it as down and the relay skips it).
        bed.output(RELAY, "ip", "link", "add", "late0", "type", "veth", "peer", "name", "late1");
        bed.output(RELAY, "ip", "addr", "add", "198.18.11.2/32", "dev", "late0");
        relay(RELAY, "ham:sleep 600000");
        // An address that appears after start, routed to from the gateway: the gateway knows the relay only by it.
        bed.output(RELAY, "ip", "addr", "add", "198.18.10.2/32", "dev", "lo");
        bed.output(GW, "ip", "route", "add", "198.18.10.2/32", "via", bed.linkIpv4(2, RELAY));
        awaitServed("198.18.10.2", Duration.ofSeconds(5));
        String channel = "ham:ip:232.1.1.1@" + bed.linkIpv4(1, SRC) + ":5000";
        HostProcess rx = polycast(GW, gatewayHome("198.18.10.2"), "ham:listen " + channel + " 5 60000");
        awaitUpstreamJoin(RELAY, bed.linkName(1), "232.1.1.1", true);
        assertSucceeded(polycast(SRC, null, "ham:send " + channel + " late-address --count 5 --interval 20"));
        assertSucceeded(rx);
        assertEquals(5, rx.lines(l -> l.startsWith(channel + " late-address")).size(), () -> "through the added address: " + rx.lines());

        bed.output(RELAY, "ip", "link", "set", "late1", "up");
        bed.output(RELAY, "ip", "link", "set", "late0", "up");
        awaitServed("198.18.11.2", Duration.ofSeconds(5));
    }

    @Test
    void plainMulticastSourceReachesAnAmtReceiver() throws Exception {
        relay(RELAY, "ham:sleep 600000");
        String channel = "ham:ip:232.2.2.2@" + bed.linkIpv4(1, SRC) + ":5001";
        HostProcess rx = polycast(GW, gatewayHome(bed.linkIpv4(2, RELAY)), "ham:listen " + channel + " 3 60000");
        awaitUpstreamJoin(RELAY, bed.linkName(1), "232.2.2.2", true);
        HostProcess plain = PlainMulticast.sender(bed, SRC, bed.linkName(1), bed.linkIpv4(1, SRC), false, "232.2.2.2", 5001,
                List.of("plain-1", "plain-2", "plain-3"));
        processes.add(plain);
        assertEquals(0, plain.exitCode(STEP), () -> "plain sender: " + plain.lines());
        assertSucceeded(rx);
        assertEquals(List.of(channel + " plain-1", channel + " plain-2", channel + " plain-3"), rx.lines(l -> l.startsWith(channel)));
    }

    @Test
    void gatewayWithoutConfiguredRelayFindsItThroughTheAnycastAddress() throws Exception {
        // RFC 7450 section 7: the relay owns 192.52.193.1, routed to it; it answers the Discovery from that address
        // and advertises its unicast address, which the gateway then uses.
        bed.output(RELAY, "ip", "addr", "add", "192.52.193.1/32", "dev", "lo");
        bed.output(GW, "ip", "route", "add", "192.52.193.0/24", "via", bed.linkIpv4(2, RELAY));
        relay(RELAY, "ham:sleep 600000");
        Path home = home("gw-anycast", "org.polycast.amt.gateway-amt0.config", "name=\"amt0\"\n");
        String channel = "ham:ip:232.1.1.1@" + bed.linkIpv4(1, SRC) + ":5000";
        HostProcess rx = polycast(GW, home, "ham:listen " + channel + " 5 60000; ham:amt");
        awaitUpstreamJoin(RELAY, bed.linkName(1), "232.1.1.1", true);
        assertSucceeded(polycast(SRC, null, "ham:send " + channel + " via-anycast --count 5 --interval 20"));
        assertSucceeded(rx);
        assertEquals(5, rx.lines(l -> l.startsWith(channel + " via-anycast")).size(), () -> rx.lines().toString());
        assertTrue(rx.lines().stream().anyMatch(l -> l.contains("relay " + bed.linkIpv4(2, RELAY) + ", candidates [192.52.193.1]")),
                () -> "the advertised unicast address is in use: " + rx.lines());
    }

    @Test
    void gatewayFindsTheRelayInDnsThroughTheSourcesAmtrelayRecord() throws Exception {
        // RFC 8777: the source's owner publishes the relay at 1.1.18.198.in-addr.arpa (type 260); no relay is configured and
        // no anycast route exists, so DNS is the gateway's only way to the relay.
        HostProcess dns = HostProcess.start("dns", bed.command(RELAY, List.of("python3", "-c", AmtRelayDnsServer.SCRIPT, bed.linkIpv4(2, RELAY),
                bed.linkIpv4(1, SRC), bed.linkIpv4(2, RELAY))));
        processes.add(dns);
        dns.awaitLine("dns ready"::equals, STEP, "the DNS server");
        relay(RELAY, "ham:sleep 600000");
        Path home = home("gw-dns", "org.polycast.amt.gateway-amt0.config", "name=\"amt0\"\ndriadResolver=\"" + bed.linkIpv4(2, RELAY) + "\"\n");
        String channel = "ham:ip:232.1.1.1@" + bed.linkIpv4(1, SRC) + ":5000";
        HostProcess rx = polycast(GW, home, "ham:listen " + channel + " 5 60000; ham:amt");
        awaitUpstreamJoin(RELAY, bed.linkName(1), "232.1.1.1", true);
        assertSucceeded(polycast(SRC, null, "ham:send " + channel + " via-dns --count 5 --interval 20"));
        assertSucceeded(rx);
        assertEquals(5, rx.lines(l -> l.startsWith(channel + " via-dns")).size(), () -> rx.lines().toString());
        assertTrue(dns.lines().contains("answered 1.1.18.198.in-addr.arpa type 260"), () -> "the AMTRELAY question was asked: " + dns.lines());
        assertTrue(rx.lines().stream().anyMatch(l -> l.contains("relay " + bed.linkIpv4(2, RELAY) + ", candidates [" + bed.linkIpv4(2, RELAY)
                + ", 192.52.193.1]")), () -> "the relay from DNS comes before the anycast address: " + rx.lines());
    }

    @Test
    void removingTheAmtBundleLeavesAtTheRelayAndReinstallingItResumesTheStream() throws Exception {
        relay(RELAY, "ham:sleep 600000");
        String channel = "ham:ip:232.1.1.1@" + bed.linkIpv4(1, SRC) + ":5000";
        String amtJar = new java.io.File(System.getProperty("polycast.amt.jar")).toURI().toString();
        HostProcess rx = polycast(GW, gatewayHome(bed.linkIpv4(2, RELAY)), "ham:listen " + channel + " 5 60000; uninstall polycast.amt; "
                + "echo uninstalled; ham:sleep 2000; r = (install " + amtJar + "); start ($r substring 11); ham:listen " + channel + " 5 60000");
        awaitUpstreamJoin(RELAY, bed.linkName(1), "232.1.1.1", true);
        assertSucceeded(polycast(SRC, null, "ham:send " + channel + " before --count 5 --interval 20"));
        rx.awaitLine("uninstalled"::equals, STEP, "the bundle uninstalled");
        awaitUpstreamJoin(RELAY, bed.linkName(1), "232.1.1.1", false); // the closing gateway left every group
        awaitUpstreamJoin(RELAY, bed.linkName(1), "232.1.1.1", true); // the reinstalled gateway joined again for the same socket
        assertSucceeded(polycast(SRC, null, "ham:send " + channel + " after --count 5 --interval 20"));
        assertSucceeded(rx);
        assertEquals(5, rx.lines(l -> l.startsWith(channel + " before")).size(), () -> rx.lines().toString());
        assertEquals(5, rx.lines(l -> l.startsWith(channel + " after")).size(), () -> rx.lines().toString());
    }

    @Test
    void whenTheRelayDiesTheGatewayMovesToTheSecondRelay() throws Exception {
        bed.link(SRC, RELAY2, 4);
        bed.link(RELAY2, GW, 5);
        String group = "ham:ip:239.9.9.9:5000"; // any-source: the source's address differs on the two links
        HostProcess first = relay(RELAY, "ham:sleep 600000");
        relay(RELAY2, "ham:sleep 600000");
        HostProcess rx = polycast(GW, gatewayHome(bed.linkIpv4(2, RELAY), bed.linkIpv4(5, RELAY2)),
                "ham:listen " + group + " 10 60000; echo phase-one; ham:listen " + group + " 10 90000; ham:amt");
        awaitUpstreamJoin(RELAY, bed.linkName(1), "239.9.9.9", true);
        assertSucceeded(polycast(SRC, null, "ham:send " + group + " before --count 10 --interval 20"));
        rx.awaitLine("phase-one"::equals, STEP, "the first ten");
        first.close(); // the relay process dies; the gateway notices when its next Requests go unanswered
        awaitUpstreamJoin(RELAY2, bed.linkName(4), "239.9.9.9", true);
        assertSucceeded(polycast(SRC, null, "ham:send " + group + " after --count 10 --interval 20"));
        assertSucceeded(rx);
        assertEquals(IntStream.rangeClosed(1, 10).mapToObj(i -> group + " after #" + i).toList(), rx.lines(l -> l.startsWith(group + " after")));
        assertTrue(rx.lines().stream().anyMatch(l -> l.contains("relay " + bed.linkIpv4(5, RELAY2))), () -> "now on the second relay: " + rx.lines());
    }

    @Test
    void forgedReplayedAndMisdirectedUpdatesAreRejectedAndCounted() throws Exception {
        HostProcess relay = relay(RELAY, "ham:sleep 6000; ham:amt");
        HostProcess client = HostProcess.start("amt-client", bed.command(GW, List.of("python3", "-c", RawAmtClient.SCRIPT, bed.linkIpv4(2, RELAY))));
        processes.add(client);
        assertEquals(0, client.exitCode(STEP), () -> "client: " + client.lines());
        assertSucceeded(relay);
        String counters = relay.lines(l -> l.contains("counters:")).get(0);
        assertTrue(counters.contains("updates-accepted=2 "), counters);
        assertTrue(counters.contains("rejected-bad-mac=2 "), "a wrong MAC and the right MAC from another port: " + counters);
        assertTrue(counters.contains("rejected-replayed-nonce=1 "), counters);
        assertTrue(relay.lines().stream().anyMatch(l -> l.contains("tunnel " + bed.linkIpv4(2, GW)) && l.contains("232.3.3.3")),
                () -> "only the genuine Updates made state: " + relay.lines());
        assertTrue(relay.lines().stream().noneMatch(l -> l.contains("232.6.6.6")), () -> "the replayed Update made none: " + relay.lines());
    }
}
