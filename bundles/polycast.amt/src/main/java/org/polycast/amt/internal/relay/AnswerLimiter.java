package org.polycast.amt.internal.relay;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets for the relay's answers to unauthenticated messages (Relay Discovery, Request): one per source address
 * and one for all. A Query is six times the size of the Request that asks for it (48 octets of UDP payload against 8,
 * the encapsulated IGMPv3 or MLDv2 query is mandatory), and a source address can be forged, so without a bound the relay
 * reflects and amplifies a flood toward whoever's address the flood carries. The per-source table is bounded (least
 * recently used sources go first); the global bucket keeps its bound when a flood from many forged sources churns it.
 * Not thread-safe: the engine calls it under its lock.
 */
final class AnswerLimiter {
    private static final int MAX_SOURCES = 16_384;

    private final double perSourcePerMilli;
    private final double perSourceBurst;
    private final double totalPerMilli;
    private final double totalBurst;
    private final Map<InetAddress, double[]> buckets = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, double[]> eldest) {
            return size() > MAX_SOURCES;
        }
    };
    private final double[] total;

    /**
     * @param perSourcePerSecond answers a second to one source address, with a burst of twice that
     * @param totalPerSecond     answers a second to all, with a burst of twice that
     */
    AnswerLimiter(int perSourcePerSecond, int totalPerSecond, long nowMillis) {
        this.perSourcePerMilli = perSourcePerSecond / 1000.0;
        this.perSourceBurst = 2.0 * perSourcePerSecond;
        this.totalPerMilli = totalPerSecond / 1000.0;
        this.totalBurst = 2.0 * totalPerSecond;
        this.total = new double[] {totalBurst, nowMillis};
    }

    /** Whether an answer to {@code source} may go now; takes a token from its bucket and the global one if so. */
    boolean allow(InetAddress source, long nowMillis) {
        double[] mine = buckets.computeIfAbsent(source, s -> new double[] {perSourceBurst, nowMillis});
        refill(mine, perSourcePerMilli, perSourceBurst, nowMillis);
        refill(total, totalPerMilli, totalBurst, nowMillis);
        if (mine[0] < 1 || total[0] < 1) {
            return false;
        }
        mine[0] -= 1;
        total[0] -= 1;
        return true;
    }

    private static void refill(double[] bucket, double perMilli, double burst, long nowMillis) {
        long elapsed = Math.max(0, nowMillis - (long) bucket[1]);
        bucket[0] = Math.min(burst, bucket[0] + elapsed * perMilli);
        bucket[1] = nowMillis;
    }
}
