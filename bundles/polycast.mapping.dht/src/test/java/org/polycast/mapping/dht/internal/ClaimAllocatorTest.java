package org.polycast.mapping.dht.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;
import org.polycast.reload.internal.node.ChordOptions;
import org.polycast.reload.internal.node.NodeOverlayService;
import org.polycast.reload.internal.sim.SimOverlay;

/** Allocation over the RELOAD protocol code on the in-memory network: agreement and no collisions under concurrency. */
class ClaimAllocatorTest {

    @Test
    void tenHostsAllocatingTheSameHundredNamesAtOnceAgreeAndNeverShareAnAddress() throws Exception {
        SimOverlay sim = new SimOverlay(3, 600, new ChordOptions(3, 16, 2, 5_000));
        List<ClaimAllocator> hosts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            hosts.add(new ClaimAllocator(new NodeOverlayService(sim.addPeer()), Duration.ofSeconds(600), 64));
        }
        sim.clock.advance(20_000);
        // 100 names in 256 addresses: many first candidates collide.
        AllocationRange range = AllocationRange.parse("239.193.7.0/24");
        Map<String, List<CompletableFuture<ClaimAllocator.Claimed>>> results = new HashMap<>();
        for (int n = 0; n < 100; n++) {
            String name = "ham:opaque:channel-" + n;
            for (ClaimAllocator host : hosts) {
                results.computeIfAbsent(name, k -> new ArrayList<>()).add(host.allocate(range, name));
            }
        }
        assertTrue(sim.clock.advanceUntil(() -> results.values().stream().flatMap(List::stream).allMatch(CompletableFuture::isDone), 10, 300_000),
                "every allocation ended");
        Map<InetAddress, String> holders = new HashMap<>();
        int collisions = 0;
        for (Map.Entry<String, List<CompletableFuture<ClaimAllocator.Claimed>>> e : results.entrySet()) {
            Set<InetAddress> seen = new HashSet<>();
            for (CompletableFuture<ClaimAllocator.Claimed> f : e.getValue()) {
                seen.add(f.get().address());
                collisions += f.get().probe() > 0 ? 1 : 0;
            }
            assertEquals(1, seen.size(), "all hosts agree on " + e.getKey() + ": " + seen);
            InetAddress a = seen.iterator().next();
            assertTrue(range.contains(a), a + " in " + range.text());
            String other = holders.put(a, e.getKey());
            assertTrue(other == null, a + " given to " + other + " and " + e.getKey());
        }
        assertTrue(collisions > 0, "the test exercised collisions");
        // The inverse: every address names its holder, as seen from any host.
        for (Map.Entry<InetAddress, String> h : holders.entrySet()) {
            CompletableFuture<java.util.Optional<String>> f = hosts.get(h.getValue().length() % 10).holder(range, h.getKey());
            sim.clock.advanceUntil(f::isDone, 10, 60_000);
            assertEquals(h.getValue(), f.get().orElseThrow());
        }
        System.out.println("10 hosts x 100 names in " + range.text() + ": all agree, no address shared, " + collisions / 10
                + " names moved past a collision");
    }

    @Test
    void aFullRangeSaysSo() throws Exception {
        SimOverlay sim = new SimOverlay(4, 600, new ChordOptions(3, 16, 2, 5_000));
        ClaimAllocator a = new ClaimAllocator(new NodeOverlayService(sim.addPeer()), Duration.ofSeconds(600), 8);
        new ClaimAllocator(new NodeOverlayService(sim.addPeer()), Duration.ofSeconds(600), 8);
        sim.clock.advance(10_000);
        AllocationRange tiny = AllocationRange.parse("239.193.9.0/30");
        List<CompletableFuture<ClaimAllocator.Claimed>> fs = new ArrayList<>();
        for (int n = 0; n < 5; n++) {
            fs.add(a.allocate(tiny, "ham:opaque:n" + n));
            CompletableFuture<ClaimAllocator.Claimed> last = fs.get(fs.size() - 1);
            sim.clock.advanceUntil(last::isDone, 10, 60_000);
        }
        long ok = fs.stream().filter(f -> !f.isCompletedExceptionally()).count();
        assertEquals(4, ok, "four addresses, four names");
        ExecutionException e = assertThrows(ExecutionException.class, () -> fs.stream().filter(CompletableFuture::isCompletedExceptionally).findFirst().get().get());
        assertTrue(e.getCause() instanceof ClaimAllocator.RangeFullException, e.getCause().toString());
        assertTrue(e.getCause().getMessage().contains("too full"), e.getCause().getMessage());
    }

    @Test
    void rangesAreCheckedAndContainTheirAddresses() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> AllocationRange.parse("10.0.0.0/8"));
        assertThrows(IllegalArgumentException.class, () -> AllocationRange.parse("239.193.0.0"));
        assertThrows(IllegalArgumentException.class, () -> AllocationRange.parse("239.193.0.0/31"));
        AllocationRange v6 = AllocationRange.parse("ff15::1:0:0/96");
        InetAddress a = v6.addressAt(ClaimAllocator.offset("ham:opaque:x", 0));
        assertTrue(v6.contains(a) && a.getHostAddress().startsWith("ff15:0:0:0:0:1:"), a.getHostAddress());
        assertTrue(!v6.contains(InetAddress.getByName("ff15::2:0:1")));
        AllocationRange v4 = AllocationRange.parse("239.193.0.0/16");
        assertTrue(v4.contains(v4.addressAt(-1)) && !v4.contains(InetAddress.getByName("239.194.0.1")));
    }
}
