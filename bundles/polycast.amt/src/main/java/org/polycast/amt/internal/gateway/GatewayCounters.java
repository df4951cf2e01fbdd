package org.polycast.amt.internal.gateway;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** What the gateway counts, for the shell and the tests. */
final class GatewayCounters {
    final LongAdder discoveriesSent = new LongAdder();
    final LongAdder advertisements = new LongAdder();
    final LongAdder requestsSent = new LongAdder();
    final LongAdder queries = new LongAdder();
    final LongAdder updatesSent = new LongAdder();
    final LongAdder teardownsSent = new LongAdder();
    final LongAdder relayChanges = new LongAdder();
    final LongAdder dataIn = new LongAdder();
    final LongAdder dataNotFromRelay = new LongAdder();
    final LongAdder dataDelivered = new LongAdder();
    final LongAdder dataUnsubscribed = new LongAdder();
    final LongAdder malformed = new LongAdder();
    final LongAdder unexpected = new LongAdder();

    Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("discoveries-sent", discoveriesSent.sum());
        m.put("advertisements", advertisements.sum());
        m.put("requests-sent", requestsSent.sum());
        m.put("queries", queries.sum());
        m.put("updates-sent", updatesSent.sum());
        m.put("teardowns-sent", teardownsSent.sum());
        m.put("relay-changes", relayChanges.sum());
        m.put("data-in", dataIn.sum());
        m.put("data-not-from-relay", dataNotFromRelay.sum());
        m.put("data-delivered", dataDelivered.sum());
        m.put("data-unsubscribed", dataUnsubscribed.sum());
        m.put("malformed", malformed.sum());
        m.put("unexpected-messages", unexpected.sum());
        return m;
    }
}
