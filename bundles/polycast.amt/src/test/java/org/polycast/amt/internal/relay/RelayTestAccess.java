package org.polycast.amt.internal.relay;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

import org.polycast.amt.internal.wire.AmtMessage;
import org.polycast.amt.internal.wire.GeneralQuery;

/** Lets tests of other packages build and drive a relay engine in memory. */
public final class RelayTestAccess {
    public interface Output {
        void send(AmtMessage message, InetSocketAddress to, InetAddress from);
    }

    private final RelayEngine engine;
    private final ResponseMac macs;
    private final LongSupplier clock;
    public final List<String> upstream = new java.util.concurrent.CopyOnWriteArrayList<>();

    public RelayTestAccess(InetAddress unicast, int maxTunnels, int queryIntervalSeconds, LongSupplier clock, Output output) {
        this(unicast, maxTunnels, queryIntervalSeconds, false, clock, output);
    }

    public RelayTestAccess(InetAddress unicast, int maxTunnels, int queryIntervalSeconds, boolean queryCarriesGatewayAddress, LongSupplier clock,
            Output output) {
        this.clock = clock;
        this.macs = new ResponseMac(clock.getAsLong());
        RelaySettings settings = new RelaySettings(List.of(), 2268, Set.of(5000), List.of(unicast), new GeneralQuery(2, queryIntervalSeconds, 1000),
                60, maxTunnels, 64, 64, Set.of(), queryCarriesGatewayAddress, 20, 5000);
        this.engine = new RelayEngine(settings, macs, output::send, new RelayEngine.Upstream() {
            @Override
            public void subscribe(SourceGroup channel) {
                upstream.add("+" + channel);
            }

            @Override
            public void unsubscribe(SourceGroup channel) {
                upstream.add("-" + channel);
            }
        }, clock, gw -> unicast, new RelayCounters());
    }

    public void received(AmtMessage m, InetSocketAddress from, InetAddress local) {
        engine.received(m, from, local);
    }

    public void forward(InetAddress source, int sourcePort, InetAddress group, int port, boolean sourceSpecific, byte[] payload) {
        engine.forward(source, sourcePort, group, port, sourceSpecific, payload);
    }

    public void expire() {
        engine.expire();
    }

    public void rotate() {
        macs.rotate(clock.getAsLong());
    }

    public Map<String, Long> counters() {
        return engine.counters.snapshot();
    }

    public List<String> subscriptions() {
        return engine.subscriptions().stream().map(Object::toString).sorted().toList();
    }

    public int tunnels() {
        return engine.tunnels().size();
    }

    public long mac(InetSocketAddress gateway, int nonce) {
        return macs.compute(macs.current(), gateway, nonce);
    }
}
