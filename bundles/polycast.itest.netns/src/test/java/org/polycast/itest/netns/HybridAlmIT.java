package org.polycast.itest.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Hybrid ALM across namespaces: a native region (h1, the source, and h2, its border) and, over a
 * unicast-only link, two overlay members in h3: M (the native image: it can be an AMT gateway) and C
 * (the overlay image: ALM only). The border bridges the group between the region and the ALM tree
 * (polycast.gateway), runs an AMT relay and advertises it in the overlay. M finds the advertisement,
 * configures an AMT gateway for that relay, compares the two paths and leaves the tree once the
 * native path through AMT is first; C keeps receiving over the overlay. Every member gets every
 * message once. Then the relay goes away: M's AMT path falls silent, M joins the tree again and its
 * new parent sends it what it missed, so M still gets every message once.
 */
class HybridAlmIT extends NamespaceTestSupport {
    private static final String GROUP = "ham:ip:239.9.9.20:5020";
    private static final String FAST_ALM = "heartbeatMillis=500\nmissedHeartbeats=3\nheartbeatTimeoutMillis=1500\n";
    private static final int MESSAGES = 40;

    private static String overlay(String listen, int port, String bootstrap) {
        return "overlay=hybrid-it.polycast\nupdateIntervalSeconds=5\nlistenAddress=" + listen + "\nport=" + port + "\n"
                + (bootstrap == null ? "" : "bootstrap=" + bootstrap + ":6084\n");
    }

    /** h1 (native source) -l51- h2 (border) -l53- h3 (overlay peers): no multicast path from h1 to h3. */
    private static NetnsTestBed sourceBorderAndMembers() throws Exception {
        NetnsTestBed b = NetnsTestBed.createUnlinked(3);
        b.link(1, 2, 51);
        b.link(2, 3, 53);
        return b;
    }

    /**
     * The region border in h2, first peer of the overlay at {@code address}: it bridges the group between region-a (l51)
     * and the tree, runs the AMT relay for region-a and advertises it.
     */
    private HostProcess border(String address) throws Exception {
        HostProcess b = border(address, "");
        bridge(GROUP);
        return b;
    }

    /** The border without its bridge (see {@link #bridge}); {@code alm}: more ALM settings. */
    private HostProcess border(String address, String alm) throws Exception {
        HostProcess b = runtime("border", 2, Map.of("org.polycast.reload.cfg", overlay(address, 6084, null),
                "org.polycast.amt.relay.cfg", "queryIntervalSeconds=2\ndataPorts=5020\nupstreamInterfaces=l51\n",
                "org.polycast.alm.cfg", FAST_ALM + alm + "hybridRegion=region-a\nhybridAmtRelay=" + address + ":2268\n"));
        b.ask("ham:overlay await 0 90000", "overlay ready", CONSOLE_STEP);
        return b;
    }

    /** Configures the border's bridge for a group (the runtime picks up the file from its conf/). */
    private void bridge(String group) throws Exception {
        java.nio.file.Files.writeString(temp.resolve("border").resolve("conf").resolve("org.polycast.gateway-bridge.cfg"),
                "name=bridge\nsideA=ip:l51\ndomainA=region-a\nsideB=alm\ndomainB=overlay\ngroups=" + group + "\n");
    }

    @Test
    void aMemberBehindAnAmtRelayReceivesNativelyWhileTheOthersReceiveThroughTheOverlay() throws Exception {
        // h1 (native source) -l51- h2 (border: gateway, AMT relay, overlay) -l53- h3 (M and C: overlay members, no multicast from h1)
        bed = sourceBorderAndMembers();
        String border = bed.linkIpv4(53, 2);
        String members = bed.linkIpv4(53, 3);
        HostProcess b = border(border);
        HostProcess m = runtime("m", 3, Map.of("org.polycast.reload.cfg", overlay(members, 6084, border),
                "org.polycast.alm.cfg", FAST_ALM + "hybridRegion=unicast-b\n"));
        m.ask("ham:overlay await 1 90000", "overlay ready", CONSOLE_STEP);
        HostProcess c = runtime("c", 3, Map.of("org.polycast.reload.cfg", overlay(members, 6085, border), "org.polycast.alm.cfg", FAST_ALM), "overlay");
        c.ask("ham:overlay await 1 90000", "overlay ready", CONSOLE_STEP);
        HostProcess source = runtime("source", 1, Map.of());
        awaitDesignated(b);
        m.ask("ham:join " + GROUP, "joined", CONSOLE_STEP);
        c.ask("ham:join " + GROUP, "joined", CONSOLE_STEP);
        // M has found the relay in the overlay, configured an AMT gateway for it and joined the group through it.
        awaitAlm(b, "stored-alm-amt-relay");
        String hybrid = awaitAlm(m, "AMT joined");
        assertTrue(hybrid.contains("relay " + border + ":2268 (region region-a)"), hybrid);

        source.ask("ham:send " + GROUP + " from-native --count " + MESSAGES + " --interval 100", "sent " + MESSAGES, CONSOLE_STEP);
        drainUntil(m, GROUP, "from-native", MESSAGES);
        drainUntil(c, GROUP, "from-native", MESSAGES);
        Thread.sleep(1000); // a quiet second in which a second copy would arrive: what is checked is that none does
        drainUntil(m, GROUP, "from-native", MESSAGES);
        drainUntil(c, GROUP, "from-native", MESSAGES);
        assertTrue(received(m, GROUP, "from-native").values().stream().allMatch(n -> n == 1), () -> "once each at M: " + received(m, GROUP, "from-native"));
        assertTrue(received(c, GROUP, "from-native").values().stream().allMatch(n -> n == 1), () -> "once each at C: " + received(c, GROUP, "from-native"));

        // M took the native path: AMT was first often enough that M left the tree, and its AMT gateway carried the data.
        String state = awaitAlm(m, "via AMT (left the tree)");
        Matcher first = Pattern.compile("AMT first (\\d+) of (\\d+)").matcher(state);
        assertTrue(first.find() && Integer.parseInt(first.group(1)) >= 5, state);
        String amt = m.ask("ham:amt", "counters", CONSOLE_STEP);
        Matcher data = Pattern.compile("data-delivered=(\\d+)").matcher(amt);
        assertTrue(data.find() && Integer.parseInt(data.group(1)) >= MESSAGES, "the AMT gateway delivered every message: " + amt);
        // C, with no AMT at all, got everything over the overlay; the border advertised the relay and bridged every message once.
        String gateway = b.ask("ham:gateway", "counters", CONSOLE_STEP);
        assertTrue(gateway.matches("(?s).*a-to-b-forwarded=" + MESSAGES + "\\b.*"), gateway);
        assertEquals(List.of(), c.lines().stream().filter(l -> l.contains("AMT joined")).toList());

        // The relay goes (its configuration file removed) while the source sends: M hears nothing more over AMT, goes back
        // onto the tree after hybridSilenceMillis and is sent what it missed meanwhile.
        int before = source.lines().size();
        source.send("ham:send " + GROUP + " during-loss --count 80 --interval 100");
        Thread.sleep(2500);
        java.nio.file.Files.delete(temp.resolve("border").resolve("conf").resolve("org.polycast.amt.relay.cfg"));
        awaitGone(b, "ham:amt", "counters:");
        source.awaitLine(before, l -> l.contains("sent 80"), CONSOLE_STEP, "the source's second stream");
        drainUntil(m, GROUP, "during-loss", 80);
        drainUntil(c, GROUP, "during-loss", 80);
        Thread.sleep(1000);
        drainUntil(m, GROUP, "during-loss", 80);
        assertTrue(received(m, GROUP, "during-loss").values().stream().allMatch(n -> n == 1), () -> "once each at M: " + received(m, GROUP, "during-loss"));
        assertTrue(received(c, GROUP, "during-loss").values().stream().allMatch(n -> n == 1), () -> "once each at C: " + received(c, GROUP, "during-loss"));
        String back = awaitAlm(m, "on the tree");
        assertTrue(back.contains("fallbacks-to-tree="), back);
    }

    /**
     * The slides' "peer in an AMT-GW region": a region (h3, h4, linked by l34) has native multicast inside but none from the
     * source's region; G in h3 is its AMT gateway (hybridRegionGateway), P in h4 a member that could be an AMT gateway
     * itself but finds G in the region. P joins the tree and, natively on l34, the group; it names the group in its region
     * entry, G joins it through the border's relay and sends each message into l34. P gets every message once and leaves the
     * tree once the region's path is first; only G tunnels.
     */
    @Test
    void aRegionGatewayCarriesTheGroupIntoItsRegionWhereAMemberReceivesItNatively() throws Exception {
        // h1 (native source) -l51- h2 (border) -l52- h3 (G) -l34- h4 (P); h3 routes unicast between h2 and h4
        bed = NetnsTestBed.createUnlinked(4);
        bed.link(1, 2, 51);
        bed.link(2, 3, 52);
        bed.link(3, 4, 34);
        bed.forwardIpv4(3);
        bed.route(2, "198.18.34.0/24", bed.linkIpv4(52, 3));
        bed.route(4, "198.18.52.0/24", bed.linkIpv4(34, 3));
        String border = bed.linkIpv4(52, 2);
        HostProcess b = border(border);
        HostProcess g = runtime("g", 3, Map.of("org.polycast.reload.cfg", overlay(bed.linkIpv4(52, 3), 6084, border),
                "org.polycast.alm.cfg", FAST_ALM + "hybridRegion=region-c\nhybridRegionGateway=true\nhybridRegionInterface=l34\n"));
        g.ask("ham:overlay await 1 90000", "overlay ready", CONSOLE_STEP);
        HostProcess p = runtime("p", 4, Map.of("org.polycast.reload.cfg", overlay(bed.linkIpv4(34, 4), 6084, border),
                "org.polycast.alm.cfg", FAST_ALM + "hybridRegion=region-c\nhybridRegionInterface=l34\n"));
        p.ask("ham:overlay await 2 90000", "overlay ready", CONSOLE_STEP);
        HostProcess source = runtime("source", 1, Map.of());
        awaitDesignated(b);
        awaitAlm(g, "stored-alm-region"); // G's entry names it the region's gateway before P looks for one
        p.ask("ham:join " + GROUP, "joined", CONSOLE_STEP);
        String chosen = awaitAlm(p, "region joined");
        assertTrue(chosen.contains("region gateway "), chosen);
        // G read P's wish in the region's entries and joined the group through the relay (not its line as a forwarder: P's
        // Join may pass through G, which then takes the relay for its subtree as well)
        awaitAlm(g, "AMT joined, carried");

        source.ask("ham:send " + GROUP + " into-region --count " + MESSAGES + " --interval 100", "sent " + MESSAGES, CONSOLE_STEP);
        drainUntil(p, GROUP, "into-region", MESSAGES);
        Thread.sleep(1000); // a quiet second in which a second copy would arrive: what is checked is that none does
        drainUntil(p, GROUP, "into-region", MESSAGES);
        assertTrue(received(p, GROUP, "into-region").values().stream().allMatch(n -> n == 1), () -> "once each at P: " + received(p, GROUP, "into-region"));
        String state = awaitAlm(p, "via region (left the tree)");
        Matcher first = Pattern.compile("region first (\\d+) of (\\d+)").matcher(state);
        assertTrue(first.find() && Integer.parseInt(first.group(1)) >= 5, state);
        assertTrue(!state.contains("amt-joins") && !state.contains("amt-tunnels-pending"), "P opened no AMT tunnel of its own: " + state);
        int listedFrom = p.lines().size();
        p.ask("ham:interfaces; echo interfaces-listed", "interfaces-listed", CONSOLE_STEP);
        String pInterfaces = String.join("\n", p.lines().subList(listedFrom, p.lines().size()));
        assertTrue(!pInterfaces.contains("amt-tunnel"), "and has no tunnel Interface: " + pInterfaces);
        String carried = awaitAlm(g, "carried ");
        Matcher n = Pattern.compile("carried (\\d+)").matcher(carried);
        assertTrue(n.find() && Integer.parseInt(n.group(1)) >= MESSAGES, "G carried every message into the region: " + carried);
        String amt = g.ask("ham:amt", "counters", CONSOLE_STEP);
        Matcher data = Pattern.compile("data-delivered=(\\d+)").matcher(amt);
        assertTrue(data.find() && Integer.parseInt(data.group(1)) >= MESSAGES, "G's AMT gateway brought every message: " + amt);
    }

    /**
     * The slides' "a peer on the overlay path of a join request whose next hop is a peer in NM with AMT-R": M's Join to the
     * group id goes through F (CHORD-RELOAD routes to the closest preceding peer it knows) to the border, the peer
     * responsible for the group id and so the tree's root. F, a forwarder and not a member, finds the relay advertised,
     * joins the group through it for its subtree and passes each message down once, whichever path brought it first. The
     * two peers in h3 are alike (members stay on the tree: hybridSwitchAfter=0; forwarders take the relay); which is F is
     * decided by their Node-IDs: the border's predecessor on the ring. M gets every message once; F's application nothing.
     */
    @Test
    void aForwarderOnTheJoinPathBelowTheBorderTakesTheRelayForItsSubtree() throws Exception {
        bed = sourceBorderAndMembers();
        String border = bed.linkIpv4(53, 2);
        String members = bed.linkIpv4(53, 3);
        HostProcess b = border(border, "");
        String alm = FAST_ALM + "hybridRegion=unicast-b\nhybridSwitchAfter=0\n";
        HostProcess p1 = runtime("p1", 3, Map.of("org.polycast.reload.cfg", overlay(members, 6084, border), "org.polycast.alm.cfg", alm));
        p1.ask("ham:overlay await 1 90000", "overlay ready", CONSOLE_STEP);
        HostProcess p2 = runtime("p2", 3, Map.of("org.polycast.reload.cfg", overlay(members, 6085, border), "org.polycast.alm.cfg", alm));
        p2.ask("ham:overlay await 2 90000", "overlay ready", CONSOLE_STEP);
        String borderId = nodeId(b);
        String id1 = nodeId(p1);
        String id2 = nodeId(p2);
        boolean firstForwards = between(id2, id1, borderId);
        HostProcess f = firstForwards ? p1 : p2;
        HostProcess m = firstForwards ? p2 : p1;
        String forwarderId = firstForwards ? id1 : id2;
        String group = groupRootedAt(borderId, List.of(borderId, id1, id2), i -> "ham:ip:239.9." + (10 + i / 250) + "." + (1 + i % 250) + ":5020",
                id -> between(forwarderId, id, borderId) || id.equals(borderId));
        bridge(group);
        HostProcess source = runtime("source", 1, Map.of());
        awaitDesignated(b);
        m.ask("ham:join " + group, "joined", CONSOLE_STEP);
        awaitAlm(m, "parent " + forwarderId);
        String forwarding = awaitAlm(f, "forwarding for 1 children, AMT joined");
        assertTrue(forwarding.contains("forwarder  parent " + borderId), forwarding);

        source.ask("ham:send " + group + " via-forwarder --count " + MESSAGES + " --interval 100", "sent " + MESSAGES, CONSOLE_STEP);
        drainUntil(m, group, "via-forwarder", MESSAGES);
        Thread.sleep(1000); // a quiet second in which a second copy would arrive: what is checked is that none does
        drainUntil(m, group, "via-forwarder", MESSAGES);
        assertTrue(received(m, group, "via-forwarder").values().stream().allMatch(n -> n == 1), () -> "once each at M: " + received(m, group, "via-forwarder"));
        assertEquals(Map.of(), received(f, group, "via-forwarder"), "F is no member: its application gets nothing");
        String state = awaitAlm(f, "amt-passed-down=");
        Matcher first = Pattern.compile("AMT first (\\d+) of (\\d+)").matcher(state);
        assertTrue(first.find() && Integer.parseInt(first.group(1)) >= 1 && Integer.parseInt(first.group(2)) >= MESSAGES, state);
        assertTrue(!awaitAlm(m, "hybrid counters:").contains("amt-joins"), "M, a member that stays on the tree, opened no AMT path");
        System.out.println("hybrid forwarder: " + first.group() + " (each message compared once; AMT's copies went down to M at once)");
    }

    /** Whether {@code id} lies strictly after {@code from} and before {@code to} going round the ring. */
    private static boolean between(String from, String id, String to) {
        return from.compareTo(to) < 0 ? from.compareTo(id) < 0 && id.compareTo(to) < 0 : from.compareTo(id) < 0 || id.compareTo(to) < 0;
    }

    /** Polls a command until its output no longer mentions {@code text} (a component that went away). */
    private static void awaitGone(HostProcess p, String command, String text) throws Exception {
        long deadline = System.nanoTime() + CONSOLE_STEP.toNanos();
        int round = 0;
        while (true) {
            int from = p.lines().size();
            p.ask(command + "; echo gone-" + ++round, "gone-" + round, CONSOLE_STEP);
            String out = String.join("\n", p.lines().subList(from, p.lines().size()));
            if (!out.contains(text)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(command + " kept saying '" + text + "': " + out);
            }
            Thread.sleep(500);
        }
    }

    /** Polls {@code ham:alm} until a line contains {@code text}; returns that output. */
    private static String awaitAlm(HostProcess p, String text) throws Exception {
        long deadline = System.nanoTime() + CONSOLE_STEP.toNanos();
        int round = 0;
        while (true) {
            int from = p.lines().size();
            p.ask("ham:alm; echo alm-" + ++round, "alm-" + round, CONSOLE_STEP);
            String out = String.join("\n", p.lines().subList(from, p.lines().size()));
            if (out.contains(text)) {
                return out;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("ham:alm never said '" + text + "': " + out);
            }
            Thread.sleep(500);
        }
    }
}
