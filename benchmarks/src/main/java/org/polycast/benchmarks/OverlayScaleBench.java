package org.polycast.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.List;

import org.polycast.reload.internal.node.ChordOptions;
import org.polycast.reload.internal.sim.SimOverlay;

/**
 * The overlay at scale, in one JVM: the real RELOAD routing, CHORD-RELOAD and storage code over the
 * simulation's in-memory links (RELOAD messages are encoded, signed, decoded and verified at every
 * hop; the signatures are HMACs, see SimCredentials). For each size: time to join every peer one by
 * one, heap per peer, route length of 2,000 lookups on the stable ring (and whether the responsible
 * peer answered), then the same after 10% of the peers fail at once and the ring repairs itself.
 * Prints one line per size: {@code scale peers=N ...}.
 */
public final class OverlayScaleBench {
    private OverlayScaleBench() {
    }

    public static void main(String[] args) {
        List<Integer> sizes = args.length == 0 ? List.of(1000, 10000) : java.util.Arrays.stream(args).map(Integer::valueOf).toList();
        for (int n : sizes) {
            long heapBefore = usedHeap();
            long start = System.nanoTime();
            SimOverlay sim = new SimOverlay(n, 600, ChordOptions.DEFAULTS);
            for (int i = 0; i < n; i++) {
                sim.addPeer();
            }
            double joinSeconds = (System.nanoTime() - start) / 1e9;
            sim.clock.advance(700_000);
            long heapPerPeer = (usedHeap() - heapBefore) / n;
            SimOverlay.Lookups stable = sim.lookups(2000);
            sim.failRandom(0.10);
            sim.clock.advance(60_000);
            SimOverlay.Lookups after60 = sim.lookups(2000);
            sim.clock.advance(640_000);
            SimOverlay.Lookups recovered = sim.lookups(2000);
            double log2 = Math.log(n) / Math.log(2);
            System.out.printf("scale peers=%d joinSeconds=%.1f heapPerPeerBytes=%d heapTotalMiB=%d meanHops=%.2f bound=%.2f maxHops=%d failed=%d wrong=%d"
                    + " after10pctFailed60s: failed=%d wrong=%d meanHops=%.2f after700s: failed=%d wrong=%d meanHops=%.2f maxHeapMiB=%d messages=%d%n",
                    n, joinSeconds, heapPerPeer, heapPerPeer * n >> 20, stable.meanHops(), 0.5 * log2, stable.maxHops(), stable.failed(),
                    stable.wrongResponder(), after60.failed(), after60.wrongResponder(), after60.meanHops(), recovered.failed(),
                    recovered.wrongResponder(), recovered.meanHops(), Runtime.getRuntime().maxMemory() >> 20, sim.network.messages());
        }
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
