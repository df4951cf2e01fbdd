package org.polycast.amt.internal.relay;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;
import org.polycast.amt.internal.AmtStatus;
import org.polycast.api.MulticastService;
import org.polycast.ip.internal.NettyTransport;

import org.polycast.common.internal.GuardedTask;

/**
 * The AMT relay of this runtime (PID {@code org.polycast.amt.relay}; runs only when configured):
 * UDP sockets on the relay's addresses, the protocol engine, upstream joins through the native IP
 * technologies, and the timers (membership expiry every second, secret rotation, address rescan).
 */
@Component(configurationPid = "org.polycast.amt.relay", configurationPolicy = ConfigurationPolicy.REQUIRE, service = AmtStatus.class,
        immediate = true)
@Designate(ocd = RelayConfig.class)
public class RelayComponent implements AmtStatus {
    /** How often the host's addresses are compared with the sockets: an address added or brought up is served within this. */
    static final long RESCAN_SECONDS = 2;

    @Reference
    private MulticastService multicast;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile LoggerFactory loggers;

    private RelaySettings settings;
    private NettyTransport transport;
    private RelayChannels channels;
    private UpstreamJoiner upstream;
    private volatile RelayEngine engine;
    private ScheduledExecutorService upkeep;
    private final List<GuardedTask> timers = new ArrayList<>();

    @Activate
    void activate(RelayConfig config) {
        settings = RelaySettings.from(config);
        transport = NettyTransport.create("auto", 1, "polycast-amt-relay");
        ResponseMac macs = new ResponseMac(System.currentTimeMillis());
        RelayCounters counters = new RelayCounters();
        channels = new RelayChannels(transport, settings.port(), (m, from, local) -> engine.received(m, from, local),
                reason -> counters.malformed.increment(), this::warn, counters.noChannel::increment);
        upstream = new UpstreamJoiner(multicast, settings.dataPorts(), settings.upstreamInterfaces(),
                (source, sourcePort, group, port, specific, payload) -> engine.forward(source, sourcePort, group, port, specific, payload),
                this::warn, "polycast-amt-relay-upstream");
        engine = new RelayEngine(settings, macs, channels::send, upstream, System::currentTimeMillis, RelayComponent::unicastToward, counters);
        upstream.upkeep();
        rebind();
        // Binding waits for the socket (up to a second), which Netty forbids on its event loop: the timers run on a thread
        // of their own, each guarded so that a failure is logged and counted and the next run still happens.
        upkeep = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "polycast-amt-relay-upkeep");
            t.setDaemon(true);
            return t;
        });
        schedule("AMT relay membership expiry", engine::expire, 1);
        schedule("AMT relay secret rotation", () -> macs.rotate(System.currentTimeMillis()), settings.secretRotationSeconds());
        schedule("AMT relay address rescan and upstream upkeep", () -> {
            upstream.upkeep();
            rebind();
        }, RESCAN_SECONDS);
        info("AMT relay listening on " + channels.listening().stream().map(InetAddress::getHostAddress).sorted().toList() + " port "
                + settings.port() + ", data ports " + settings.dataPorts());
    }

    private void schedule(String what, Runnable task, long periodSeconds) {
        GuardedTask guarded = new GuardedTask(what, task, this::warn);
        timers.add(guarded);
        upkeep.scheduleAtFixedRate(guarded, periodSeconds, periodSeconds, TimeUnit.SECONDS);
    }

    private void rebind() {
        channels.bind(settings.listenAddresses().isEmpty() ? RelayChannels.hostAddresses() : settings.listenAddresses());
    }

    /** The local address the host would send from towards the gateway: connecting a UDP socket sends nothing. */
    private static InetAddress unicastToward(InetSocketAddress gateway) {
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(gateway.getAddress(), gateway.getPort());
            InetAddress local = probe.getLocalAddress();
            return local.isAnyLocalAddress() ? null : local;
        } catch (SocketException e) {
            return null;
        }
    }

    @Deactivate
    void deactivate() {
        upkeep.shutdownNow();
        try {
            upkeep.awaitTermination(2, TimeUnit.SECONDS); // a rescan in progress must not bind after the sockets are closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        channels.close();
        upstream.close();
        transport.shutdown();
    }

    @Override
    public String title() {
        return "relay";
    }

    @Override
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        out.add("listening on " + channels.listening().stream().map(InetAddress::getHostAddress).sorted().toList() + " port " + settings.port()
                + ", data ports " + settings.dataPorts() + ", query interval " + settings.query().queryIntervalSeconds() + " s");
        for (RelayEngine.TunnelView t : engine.tunnels()) {
            out.add("tunnel " + t.gateway().getAddress().getHostAddress() + ":" + t.gateway().getPort() + " via "
                    + t.local().getHostAddress() + ", up " + t.ageSeconds() + " s: " + t.groups());
        }
        out.add("upstream " + upstream.describe());
        return out;
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> counters = engine.counters.snapshot();
        counters.put("timer-failures", timers.stream().mapToLong(GuardedTask::failures).sum());
        return counters;
    }

    private void warn(String message) {
        warn(message, null);
    }

    private void warn(String message, Throwable cause) {
        LoggerFactory f = loggers;
        if (f != null) {
            f.getLogger(RelayComponent.class, Logger.class).warn(message, cause);
        }
    }

    private void info(String message) {
        LoggerFactory f = loggers;
        if (f != null) {
            f.getLogger(RelayComponent.class, Logger.class).info(message);
        }
    }
}
