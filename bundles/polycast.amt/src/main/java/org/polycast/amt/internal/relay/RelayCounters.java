package org.polycast.amt.internal.relay;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** What the relay counts, for the shell and the tests. */
final class RelayCounters {
    final LongAdder discoveries = new LongAdder();
    final LongAdder requests = new LongAdder();
    final LongAdder updatesAccepted = new LongAdder();
    final LongAdder badMac = new LongAdder();
    final LongAdder replayedNonce = new LongAdder();
    final LongAdder tunnelLimit = new LongAdder();
    final LongAdder groupLimit = new LongAdder();
    final LongAdder teardowns = new LongAdder();
    final LongAdder malformed = new LongAdder();
    final LongAdder unexpected = new LongAdder();
    final LongAdder dataIn = new LongAdder();
    final LongAdder dataOut = new LongAdder();
    final LongAdder dataTooLarge = new LongAdder();
    final LongAdder linkScope = new LongAdder();
    final LongAdder noChannel = new LongAdder();
    final LongAdder rateLimited = new LongAdder();

    Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("discoveries", discoveries.sum());
        m.put("requests", requests.sum());
        m.put("updates-accepted", updatesAccepted.sum());
        m.put("rejected-bad-mac", badMac.sum());
        m.put("rejected-replayed-nonce", replayedNonce.sum());
        m.put("rejected-tunnel-limit", tunnelLimit.sum());
        m.put("ignored-group-limit", groupLimit.sum());
        m.put("teardowns", teardowns.sum());
        m.put("malformed", malformed.sum());
        m.put("unexpected-messages", unexpected.sum());
        m.put("data-in", dataIn.sum());
        m.put("data-out", dataOut.sum());
        m.put("data-too-large", dataTooLarge.sum());
        m.put("ignored-link-scope-groups", linkScope.sum());
        m.put("dropped-no-socket", noChannel.sum());
        m.put("unanswered-rate-limit", rateLimited.sum());
        return m;
    }
}
