package org.polycast.alm.internal.hybrid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.polycast.alm.internal.tree.ScribeTrees;
import org.polycast.alm.internal.tree.SimTreeClock;
import org.polycast.api.HamUri;
import org.polycast.api.InterfaceProperties;
import org.polycast.api.Message;
import org.polycast.api.MessageListener;
import org.polycast.api.MulticastService;
import org.polycast.api.MulticastSocket;
import org.polycast.reload.internal.node.ChordOptions;
import org.polycast.reload.internal.node.NodeOverlayService;
import org.polycast.reload.internal.sim.SimOverlay;

/**
 * The hybrid choice on the overlay simulation (real RELOAD storage for the advertisement and the real
 * trees); the AMT side is a stand-in socket this test feeds, the way the AMT gateway Interface would.
 */
class HybridDeliveryTest {
    private static final String NAME = "ham:ip:239.9.9.30:5030";
    private static final HybridDelivery.Settings MEMBER = new HybridDelivery.Settings("unicast-b", "", 3, 2_000);

    private final SimOverlay sim = new SimOverlay(3, 600, new ChordOptions(3, 16, 2, 5_000));
    private final List<String> delivered = new ArrayList<>();
    /** The framework of the peer under test (its AMT gateway Interface is index 7). */
    private final Framework framework = new Framework();

    /** A peer with its trees; {@code fromTree}: what its trees delivered to it as a member. */
    private record Node(NodeOverlayService overlay, ScribeTrees trees, List<String> fromTree) {
    }

    private Node node() {
        NodeOverlayService overlay = new NodeOverlayService(sim.addPeer());
        List<String> fromTree = new ArrayList<>();
        ScribeTrees trees = new ScribeTrees(overlay, SimTreeClock.of(sim), new ScribeTrees.Listener() {
            @Override
            public void deliver(String groupId, String origin, byte[] data) {
                fromTree.add(new String(data, StandardCharsets.UTF_8));
            }

            @Override
            public void childJoined(String groupId, String child) {
            }

            @Override
            public void childLeft(String groupId, String child) {
            }

            @Override
            public void newSource(String groupId, String origin) {
            }
        }, ScribeTrees.Settings.DEFAULTS);
        overlay.serve(trees);
        return new Node(overlay, trees, fromTree);
    }

    private HybridDelivery hybrid(Node n, HybridDelivery.Settings settings, HybridDelivery.Services services) {
        return new HybridDelivery(n.overlay(), n.trees(), sim.clock::execute, sim.clock::nowMillis, services, settings,
                (group, data, source) -> delivered.add(new String(data, StandardCharsets.UTF_8)));
    }

    /** The border of region-a advertises its relay 198.18.0.1:2268 for a group it joined. */
    private void advertise(Node border, String group, String name) {
        hybrid(border, new HybridDelivery.Settings("region-a", "198.18.0.1:2268", 5, 6_000), null).joined(group, name);
    }

    private void ticks(HybridDelivery h, int seconds) {
        for (int i = 0; i < seconds; i++) {
            h.tick();
            sim.clock.advance(1_000);
        }
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private boolean member(Node n, String group) {
        var views = n.trees().trees();
        sim.clock.advance(0);
        return views.join().stream().anyMatch(v -> v.group().equals(group) && v.member());
    }

    @Test
    void aMemberTakesTheAdvertisedRelayWhenItIsFirstAndGoesBackToTheTreeWhenItFallsSilent() {
        for (int i = 0; i < 8; i++) {
            sim.addPeer();
        }
        Node border = node();
        Node member = node();
        sim.clock.advance(700_000);
        String group = member.trees().groupId(NAME);
        advertise(border, group, NAME);
        sim.clock.advance(2_000);

        member.trees().join(group, text(NAME));
        HybridDelivery h = hybrid(member, MEMBER, framework.services());
        h.joined(group, NAME);
        ticks(h, 12); // (its region has no gateway: it asks three times, a second apart, before taking AMT itself)
        assertEquals(List.of("198.18.0.1:2268"), framework.relays, "the advertised relay configured for the AMT gateway");
        assertTrue(framework.listeners.containsKey(7), "joined the group name through the tunnel Interface");
        assertTrue(member(member, group), "still on the tree while nothing was compared");

        // Each message: AMT first, then the tree's copy (dropped). The third in a row makes the member leave the tree.
        for (int k = 1; k <= 3; k++) {
            framework.listeners.get(7).onMessage(new Message(HamUri.parse(NAME), text("m" + k), 7, "198.18.0.9"));
            sim.clock.advance(5);
            assertFalse(h.fromTree(group, text("m" + k)), "the tree's copy of m" + k + " is dropped");
        }
        sim.clock.advance(100);
        assertEquals(List.of("m1", "m2", "m3"), delivered, "each once, as AMT brought it");
        assertFalse(member(member, group), "left the tree after AMT was first three times in a row");
        assertTrue(h.status().stream().anyMatch(l -> l.contains("via AMT (left the tree)") && l.contains("AMT first 3 of 3")), h.status().toString());

        // The same content twice over one path is two messages.
        framework.listeners.get(7).onMessage(new Message(HamUri.parse(NAME), text("same"), 7, "198.18.0.9"));
        framework.listeners.get(7).onMessage(new Message(HamUri.parse(NAME), text("same"), 7, "198.18.0.9"));
        sim.clock.advance(10);
        assertEquals(List.of("m1", "m2", "m3", "same", "same"), delivered);

        // AMT falls silent beyond hybridSilenceMillis: back onto the tree; the replayed copy of what AMT brought is dropped
        // and does not count as a win for AMT.
        ticks(h, 4);
        assertTrue(member(member, group), "back on the tree");
        assertFalse(h.fromTree(group, text("same")), "the tree's replayed copy of what AMT brought while off the tree is not delivered again");
        assertTrue(h.fromTree(group, text("after")), "new data from the tree is delivered");
        assertTrue(h.status().stream().anyMatch(l -> l.contains("on the tree") && l.contains("AMT first 3 of 3")), h.status().toString());
        assertTrue(h.status().stream().anyMatch(l -> l.contains("fallbacks-to-tree=1") && l.contains("replayed-copies-dropped=1")), h.status().toString());
    }

    private ScribeTrees.TreeView view(Node n, String group) {
        var views = n.trees().trees();
        sim.clock.advance(0);
        return views.join().stream().filter(v -> v.group().equals(group)).findFirst().orElse(null);
    }

    /** A group name whose id the border's peer is responsible for while the member's route to it passes another peer. */
    private String nameRootedAt(Node border, Node member) {
        for (int n = 1; n < 250; n++) {
            String name = "ham:ip:239.9.9." + n + ":5030";
            byte[] id = java.util.HexFormat.of().parseHex(member.trees().groupId(name));
            var atBorder = border.overlay().nextHop(id).toCompletableFuture();
            var fromMember = member.overlay().nextHop(id).toCompletableFuture();
            sim.clock.advance(0);
            if (atBorder.join().equals(border.overlay().nodeId()) && !fromMember.join().equals(border.overlay().nodeId())) {
                return name;
            }
        }
        throw new AssertionError("no group name is rooted at the border with a forwarder on the member's way");
    }

    @Test
    void aForwarderBelowTheBorderTakesTheRelayForItsSubtreeAndPassesEachMessageDownOnce() {
        List<Node> plain = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            plain.add(node());
        }
        Node border = node();
        Node member = node();
        sim.clock.advance(700_000);
        // The border is on the tree as its root (it bridges the region's data into the tree); the member's Join reaches it
        // through a plain peer, which becomes the forwarder below the border.
        String name = nameRootedAt(border, member);
        String group = member.trees().groupId(name);
        border.trees().join(group, text(name));
        advertise(border, group, name);
        sim.clock.advance(2_000);
        member.trees().join(group, text(name));
        sim.clock.advance(10_000);
        Node forwarder = plain.stream().filter(n -> view(n, group) != null && view(n, group).children().contains(member.overlay().nodeId())).findFirst()
                .orElseThrow(() -> new AssertionError("the member's parent is one of the plain peers"));
        assertFalse(view(forwarder, group).member());
        Node source = plain.stream().filter(n -> view(n, group) == null).findFirst().orElseThrow();
        HybridDelivery h = hybrid(forwarder, MEMBER, framework.services());
        ticks(h, 8);
        assertEquals(List.of("198.18.0.1:2268"), framework.relays, "the forwarder configured its AMT gateway for the advertised relay");
        assertTrue(framework.listeners.containsKey(7), "joined the group name through the tunnel Interface");
        assertTrue(h.status().stream().anyMatch(l -> l.contains("forwarding for 1 children") && l.contains("AMT joined")), h.status().toString());

        // AMT first: the forwarder passes it down at once; the copy that comes down the tree from the root stops there.
        framework.listeners.get(7).onMessage(new Message(HamUri.parse(name), text("m1"), 7, "198.18.0.9"));
        sim.clock.advance(1_000); // a new origin's first message waits half a second for earlier ones (MemberStreams)
        assertEquals(List.of("m1"), member.fromTree(), "the AMT copy reached the member through the forwarder before the tree had it");
        source.trees().send(group, text("m1"));
        sim.clock.advance(2_000);
        // The tree first: passed down as always; AMT's later copy is not passed down again.
        source.trees().send(group, text("m2"));
        sim.clock.advance(500);
        framework.listeners.get(7).onMessage(new Message(HamUri.parse(name), text("m2"), 7, "198.18.0.9"));
        sim.clock.advance(2_000);
        assertEquals(List.of("m1", "m2"), member.fromTree(), "the subtree got each message once, whichever path was first");
        assertEquals(List.of(), delivered, "a forwarder delivers nothing to an application of its own");

        // Data from below goes up to the border; its copy that comes back through AMT (bridged into the region) is dropped.
        member.trees().send(group, text("up"));
        sim.clock.advance(500);
        framework.listeners.get(7).onMessage(new Message(HamUri.parse(name), text("up"), 7, "198.18.0.9"));
        sim.clock.advance(2_000);
        assertEquals(List.of("m1", "m2", "up"), member.fromTree(), "its own message once (the tree delivers a member's own data to it), not sent back down");
        assertTrue(border.fromTree().containsAll(List.of("m1", "m2", "up")), "the border got everything over the tree: " + border.fromTree());
        String status = String.join("\n", h.status());
        assertTrue(status.contains("AMT first 1 of 3") && status.contains("amt-passed-down=1") && status.contains("copies-dropped=3"), status);
    }

    /**
     * A peer's framework as the region test needs it: an ip Interface {@code l34} (index 3), the tunnel Interface
     * (index 7) once configured, and sockets that remember their listener and what was sent through them.
     */
    private final class Framework {
        final Map<Integer, MessageListener> listeners = new HashMap<>();
        final List<String> sentIntoRegion = new ArrayList<>();
        final List<String> relays = new ArrayList<>();
        boolean amtUp;

        HybridDelivery.Services services() {
            MulticastService service = (MulticastService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {MulticastService.class},
                    (p, method, args) -> switch (method.getName()) {
                        case "interfaces" -> amtUp ? List.of(new InterfaceProperties(3, "l34", "198.18.34.3", "ip"),
                                new InterfaceProperties(7, "amt-tunnel-1", "gw", "amt")) : List.of(new InterfaceProperties(3, "l34", "198.18.34.3", "ip"));
                        case "createSocket" -> socket((int) ((java.util.Collection<?>) args[0]).iterator().next());
                        default -> throw new UnsupportedOperationException(method.getName() + " is not used by the hybrid part");
                    });
            return new HybridDelivery.Services() {
                @Override
                public MulticastService multicast() {
                    return service;
                }

                @Override
                public java.util.Optional<HybridDelivery.Tunnel> tunnel(String relay) {
                    if (!relays.contains(relay)) {
                        relays.add(relay); // the tunnels opened
                    }
                    amtUp = true;
                    return java.util.Optional.of(new HybridDelivery.Tunnel("amt", "amt-tunnel-1"));
                }
            };
        }

        private MulticastSocket socket(int index) {
            return (MulticastSocket) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {MulticastSocket.class},
                    (p, method, args) -> switch (method.getName()) {
                        case "setMessageListener" -> {
                            listeners.put(index, (MessageListener) args[0]);
                            yield null;
                        }
                        case "send" -> {
                            sentIntoRegion.add(new String((byte[]) args[1], StandardCharsets.UTF_8));
                            yield null;
                        }
                        case "close" -> {
                            listeners.remove(index);
                            yield null;
                        }
                        case "join" -> null;
                        default -> throw new UnsupportedOperationException(method.getName() + " is not used by the hybrid part");
                    });
        }
    }

    @Test
    void aRegionGatewayCarriesTheRelaysDataIntoItsRegionAndTheMemberThereTakesItNatively() {
        for (int i = 0; i < 8; i++) {
            sim.addPeer();
        }
        Node border = node();
        Node gatewayPeer = node();
        Node member = node();
        sim.clock.advance(700_000);
        String group = member.trees().groupId(NAME);
        advertise(border, group, NAME);
        Framework atGateway = new Framework();
        HybridDelivery gateway = hybrid(gatewayPeer, new HybridDelivery.Settings("region-c", "", 3, 2_000, true, "l34", true), atGateway.services());
        ticks(gateway, 2); // its region entry names it the region's gateway

        member.trees().join(group, text(NAME));
        Framework atMember = new Framework();
        HybridDelivery h = hybrid(member, new HybridDelivery.Settings("region-c", "", 3, 2_000), atMember.services());
        h.joined(group, NAME);
        for (int s = 0; s < 15; s++) {
            h.tick();
            gateway.tick();
            sim.clock.advance(1_000);
        }
        assertEquals(List.of(), atMember.relays, "the member configured no AMT gateway of its own: its region has one");
        assertTrue(atMember.listeners.containsKey(3), "the member joined the group natively on its region's Interface");
        assertEquals(List.of("198.18.0.1:2268"), atGateway.relays, "the region gateway configured its AMT gateway for the advertised relay");
        assertTrue(atGateway.listeners.containsKey(7), "and joined the group through it, for the member that wants it");
        assertTrue(String.join("\n", gateway.status()).contains("carried 0"), gateway.status().toString());

        // The relay's data reaches the gateway over AMT; it sends it into the region, where the member's native socket gets it.
        for (int k = 1; k <= 3; k++) {
            atGateway.listeners.get(7).onMessage(new Message(HamUri.parse(NAME), text("m" + k), 7, "198.18.0.9"));
            sim.clock.advance(5);
            String carried = atGateway.sentIntoRegion.get(k - 1);
            atMember.listeners.get(3).onMessage(new Message(HamUri.parse(NAME), text(carried), 3, "198.18.34.3"));
            sim.clock.advance(5);
            assertFalse(h.fromTree(group, text("m" + k)), "the tree's copy of m" + k + " is dropped");
        }
        sim.clock.advance(100);
        assertEquals(List.of("m1", "m2", "m3"), delivered, "each once, as the region brought it");
        assertFalse(member(member, group), "left the tree once the region's path was first three times in a row");
        String status = String.join("\n", h.status());
        assertTrue(status.contains("via region (left the tree)") && status.contains("region first 3 of 3") && status.contains("region gateway "
                + gatewayPeer.overlay().nodeId()), status);
        assertTrue(String.join("\n", gateway.status()).contains("carried 3"), gateway.status().toString());

        // The member leaves the group: its region entry no longer wants it, and the gateway stops carrying it.
        member.trees().leave(group);
        h.left(group);
        for (int s = 0; s < 8; s++) {
            h.tick();
            gateway.tick();
            sim.clock.advance(1_000);
        }
        assertFalse(atGateway.listeners.containsKey(7), "the region gateway left the group on AMT once no member wanted it");
        assertTrue(String.join("\n", gateway.status()).contains("0 groups wanted"), gateway.status().toString());
    }

    @Test
    void aRegionGatewayServesAtMostItsBoundOfGroupsWhateverTheRegionAsks() {
        for (int i = 0; i < 5; i++) {
            sim.addPeer();
        }
        Node asking = node();
        Node gatewayPeer = node();
        sim.clock.advance(700_000);
        StringBuilder wants = new StringBuilder("native=false amt=none wants=");
        for (int g = 0; g < RegionGateway.MAX_SERVED + 6; g++) {
            wants.append(g == 0 ? "" : "|").append("ham:ip:239.8.0.").append(g).append(":5000");
        }
        new HybridDirectory(asking.overlay(), new HybridCounters()).storeRegion("region-c", wants.toString());
        sim.clock.advance(2_000);
        HybridDelivery gateway = hybrid(gatewayPeer, new HybridDelivery.Settings("region-c", "", 3, 2_000, true, "l34", true), new Framework().services());
        ticks(gateway, 3);
        String status = String.join("\n", gateway.status());
        assertTrue(status.contains(RegionGateway.MAX_SERVED + " groups wanted") && status.contains("region-wants-over-limit=6"), status);
    }

    @Test
    void withoutAnAdvertisementNothingChanges() {
        for (int i = 0; i < 5; i++) {
            sim.addPeer();
        }
        Node member = node();
        sim.clock.advance(700_000);
        String group = member.trees().groupId(NAME);
        member.trees().join(group, text(NAME));
        HybridDelivery h = hybrid(member, MEMBER, framework.services());
        h.joined(group, NAME);
        ticks(h, 12);
        assertEquals(List.of(), framework.relays, "no relay, no AMT gateway");
        assertTrue(h.fromTree(group, text("x")), "tree data is delivered as always");
        assertTrue(member(member, group));
    }
}
