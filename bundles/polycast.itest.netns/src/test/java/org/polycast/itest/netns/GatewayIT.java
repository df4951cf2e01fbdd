package org.polycast.itest.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The inter-domain multicast gateway between namespaces: native domains with no multicast routing
 * between them bridged over the RELOAD overlay (ALM) by a gateway peer in each, both ways; an
 * IPv6-only domain bridged to an IPv4 domain with group translation; two gateways for one pair of
 * domains deliver every message once, and when the designated one is killed the other takes over
 * within five seconds.
 */
class GatewayIT extends NamespaceTestSupport {
    private static final Duration STEP = CONSOLE_STEP;
    private static final String GROUP = "ham:ip:239.9.9.9:5009";
    /** Faster ALM heartbeats than RFC 7019's defaults, so that the tree re-forms well within the failover budget. */
    private static final String FAST_ALM = "heartbeatMillis=500\nmissedHeartbeats=3\nheartbeatTimeoutMillis=1500\n";

    private static String overlay(String listen, String bootstrap) {
        return "overlay=gw-it.polycast\nupdateIntervalSeconds=5\nlistenAddress=" + listen + "\n" + (bootstrap == null ? "" : "bootstrap=" + bootstrap + ":6084\n");
    }

    private static String route(String sideA, String domainA, String groups) {
        return "name=bridge\nsideA=" + sideA + "\ndomainA=" + domainA + "\nsideB=alm\ndomainB=overlay\ngroups=" + groups + "\n";
    }

    @Test
    void twoNativeDomainsWithoutMulticastRoutingAreBridgedOverTheOverlayBothWays() throws Exception {
        // h1 (member, domain A) -l41- h2 (gateway A) -l43- h3 (gateway B) -l42- h4 (member, domain B)
        bed = NetnsTestBed.createUnlinked(4);
        bed.link(1, 2, 41);
        bed.link(3, 4, 42);
        bed.link(2, 3, 43);
        HostProcess ga = runtime("ga", 2, Map.of("org.polycast.reload.cfg", overlay(bed.linkIpv4(43, 2), null),
                "org.polycast.gateway-bridge.cfg", route("ip:l41", "site-a", GROUP), "org.polycast.alm.cfg", FAST_ALM));
        ga.ask("ham:overlay await 0 90000", "overlay ready", STEP);
        HostProcess gb = runtime("gb", 3, Map.of("org.polycast.reload.cfg", overlay(bed.linkIpv4(43, 3), bed.linkIpv4(43, 2)),
                "org.polycast.gateway-bridge.cfg", route("ip:l42", "site-b", GROUP), "org.polycast.alm.cfg", FAST_ALM));
        gb.ask("ham:overlay await 1 90000", "overlay ready", STEP);
        HostProcess a = runtime("a", 1, Map.of());
        HostProcess b = runtime("b", 4, Map.of());
        a.ask("ham:join " + GROUP, "joined", STEP);
        b.ask("ham:join " + GROUP, "joined", STEP);
        awaitDesignated(ga);
        awaitDesignated(gb);

        b.ask("ham:send " + GROUP + " from-b --count 10 --interval 100", "sent 10", STEP);
        drainUntil(a, GROUP, "from-b", 10);
        a.ask("ham:send " + GROUP + " from-a --count 10 --interval 100", "sent 10", STEP);
        drainUntil(b, GROUP, "from-a", 10);
        Thread.sleep(1000); // a quiet second in which a looped or second copy would arrive: what is checked is that none does
        drainUntil(a, GROUP, "from-b", 10);
        drainUntil(b, GROUP, "from-a", 10);
        assertTrue(received(a, GROUP, "from-b").values().stream().allMatch(n -> n == 1), () -> "once each at A: " + received(a, GROUP, "from-b"));
        assertTrue(received(b, GROUP, "from-a").values().stream().allMatch(n -> n == 1), () -> "once each at B: " + received(b, GROUP, "from-a"));
        // Each message crossed each gateway once: nothing looped back through the overlay.
        for (HostProcess g : List.of(ga, gb)) {
            String counters = g.ask("ham:gateway", "counters", STEP);
            assertTrue(counters.matches(".*a-to-b-forwarded=10\\b.*") && counters.matches(".*b-to-a-forwarded=10\\b.*"), counters);
        }
    }

    @Test
    void anIpv6OnlyDomainIsBridgedToAnIpv4DomainWithGroupTranslation() throws Exception {
        // h1 (IPv4 member) -l44- h2 (gateway) -l45- h3 (IPv6 member)
        bed = NetnsTestBed.createUnlinked(3);
        bed.link(1, 2, 44);
        bed.link(2, 3, 45);
        String v4 = "ham:ip:239.9.9.10:5010";
        String v6 = "ham:ip:[ff3e::9:10]:5010";
        HostProcess gw = runtime("gw", 2, Map.of("org.polycast.gateway-v4v6.cfg",
                "name=v4v6\nsideA=ip:l44\ndomainA=v4\nsideB=ip:l45-v6\ndomainB=v6\ngroups=" + v4 + "=" + v6 + "\n"));
        // Only IPv6 on the member's side of the IPv6 domain: its runtime leaves IPv4 out.
        HostProcess m6 = runtime("m6", 3, Map.of("org.polycast.ipv4.interface-l45.cfg", "name=l45\nenabled=false\n"));
        HostProcess m4 = runtime("m4", 1, Map.of());
        m6.ask("ham:join '" + v6 + "'", "joined", STEP);
        m4.ask("ham:join " + v4, "joined", STEP);
        String status = gw.ask("ham:sleep 2000; ham:gateway", "counters", STEP);
        m4.ask("ham:send " + v4 + " v4-to-v6 --count 5 --interval 100", "sent 5", STEP);
        drainUntil(m6, v6, "v4-to-v6", 5);
        m6.ask("ham:send '" + v6 + "' v6-to-v4 --count 5 --interval 100", "sent 5", STEP);
        drainUntil(m4, v4, "v6-to-v4", 5);
        String after = gw.ask("ham:gateway", "counters", STEP);
        assertTrue(after.matches(".*a-to-b-forwarded=5\\b.*") && after.matches(".*b-to-a-forwarded=5\\b.*"), after + " (before: " + status + ")");
    }

    @Test
    void twoGatewaysDeliverOnceAndTheStandbyTakesOverWithinFiveSecondsWhenTheDesignatedDies() throws Exception {
        // Domain A is the bridge: h1 (member), h2 and h3 (two gateways), h4 (gateway of domain B). Domain B: h4 -l46- h5 (source).
        // The gateways reach each other over the bridge by unicast (the overlay); g4 bridges only its link into domain B.
        bed = NetnsTestBed.create(5, 47);
        bed.link(4, 5, 46);
        String groupsA = route("ip:eth*", "site-a", GROUP);
        HostProcess g2 = runtime("g2", 2, Map.of("org.polycast.reload.cfg", overlay(bed.ipv4(2), null), "org.polycast.gateway-bridge.cfg", groupsA,
                "org.polycast.alm.cfg", FAST_ALM));
        g2.ask("ham:overlay await 0 90000", "overlay ready", STEP);
        HostProcess g3 = runtime("g3", 3, Map.of("org.polycast.reload.cfg", overlay(bed.ipv4(3), bed.ipv4(2)), "org.polycast.gateway-bridge.cfg", groupsA,
                "org.polycast.alm.cfg", FAST_ALM));
        g3.ask("ham:overlay await 1 90000", "overlay ready", STEP);
        HostProcess g4 = runtime("g4", 4, Map.of("org.polycast.reload.cfg", overlay(bed.ipv4(4), bed.ipv4(2)),
                "org.polycast.gateway-bridge.cfg", route("ip:l46", "site-b", GROUP), "org.polycast.alm.cfg", FAST_ALM));
        g4.ask("ham:overlay await 2 90000", "overlay ready", STEP);
        HostProcess member = runtime("member", 1, Map.of());
        // The source is on the bridge too (the bed puts every host there) but sends into domain B only.
        HostProcess source = runtime("source", 5, Map.of("org.polycast.ipv4.interface-eth5.cfg", "name=eth5\nenabled=false\n",
                "org.polycast.ipv6.interface-eth5.cfg", "name=eth5\nenabled=false\n"));
        member.ask("ham:join " + GROUP, "joined", STEP);
        awaitDesignated(g4);
        HostProcess designated = null;
        long deadline = System.nanoTime() + STEP.toNanos();
        while (designated == null) {
            for (HostProcess g : List.of(g2, g3)) {
                if (g.ask("ham:gateway", "group " + GROUP, STEP).contains("designated")) {
                    designated = g;
                }
            }
            assertTrue(System.nanoTime() < deadline, "one of the two gateways of domain A became designated");
            Thread.sleep(500);
        }
        HostProcess standby = designated == g2 ? g3 : g2;
        assertTrue(standby.ask("ham:gateway", "group " + GROUP, STEP).contains("standby"), "the other stands by");
        awaitDesignated(standby == g2 ? g3 : g2);

        // 150 messages, one every 100 ms; the designated gateway dies after about 3 s.
        member.send("ham:listen " + GROUP + " 1000 60000");
        source.send("ham:send " + GROUP + " seq --count 150 --interval 100");
        awaitCount(member, GROUP, "seq", 25);
        designated.close(); // killed (SIGKILL), not shut down: its claim is not released and must run out
        source.awaitLine(l -> l.contains("sent 150"), STEP, "all sent");
        member.awaitLine(l -> l.endsWith(" seq #150"), STEP, "the last message through the standby");
        Map<String, Integer> got = received(member, GROUP, "seq");
        assertTrue(got.values().stream().allMatch(n -> n == 1), () -> "every message at most once: " + got);
        int highest = got.keySet().stream().mapToInt(GatewayIT::sequence).max().orElse(0);
        assertEquals(150, highest, () -> "delivery resumed to the end: " + got.keySet());
        // The longest run of missing messages is the failover time, in 100 ms steps.
        boolean[] seen = new boolean[151];
        got.keySet().forEach(k -> seen[sequence(k)] = true);
        int gap = 0;
        int run = 0;
        for (int i = 1; i <= 150; i++) {
            run = seen[i] ? 0 : run + 1;
            gap = Math.max(gap, run);
        }
        System.out.println("gateway failover: " + gap + " messages (" + gap * 100 + " ms) missing at the longest; " + got.size() + " of 150 delivered once");
        assertTrue(gap <= 50, "resumed within 5 s: " + gap * 100 + " ms without delivery");
        String standbyState = standby.ask("ham:gateway", "group " + GROUP, STEP);
        assertTrue(standbyState.contains("designated"), standbyState);
    }

    private static int sequence(String tagged) {
        Matcher m = Pattern.compile("#(\\d+)").matcher(tagged);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
