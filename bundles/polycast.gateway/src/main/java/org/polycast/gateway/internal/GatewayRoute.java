package org.polycast.gateway.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.log.LoggerFactory;
import org.polycast.common.internal.BundleLog;
import org.polycast.common.internal.GuardedTask;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.polycast.api.MulticastService;
import org.polycast.api.overlay.OverlayService;

/**
 * One configured route (factory PID {@code org.polycast.gateway}): runs a {@link Bridge} through the
 * public multicast API while the core runs, and its election over the overlay while one runs.
 */
@Component(service = GatewayRoute.class, configurationPid = GatewayRoute.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = GatewayConfig.class, factory = true)
public class GatewayRoute {
    static final String FACTORY_PID = "org.polycast.gateway";

    @Reference
    private MulticastService service;
    private volatile OverlayService overlay;
    private Bridge bridge;
    private ScheduledExecutorService timer;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setOverlay(OverlayService o) {
        overlay = o;
    }

    void unsetOverlay(OverlayService o) {
        if (overlay == o) {
            overlay = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile LoggerFactory loggers;
    private final BundleLog log = new BundleLog(GatewayRoute.class, () -> loggers);

    @Activate
    void activate(GatewayConfig config) {
        String mode = config.election().trim();
        if (!mode.equals("auto") && !mode.equals("on") && !mode.equals("off")) {
            throw new IllegalArgumentException("election '" + config.election() + "' must be auto, on or off");
        }
        // The claim key names this gateway: its overlay peer (unique) and the route.
        Election election = new Election(() -> mode.equals("off") ? null : overlay, mode.equals("on"),
                java.util.UUID.randomUUID() + "/" + config.name(), Duration.ofSeconds(Math.max(1, config.leaseSeconds())));
        bridge = new Bridge(config.name(), service, config, election);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "polycast-gateway-" + config.name());
            t.setDaemon(true);
            return t;
        });
        // A round can fail when the core or an Interface goes away mid-round: logged (rate-limited), and the next starts afresh.
        GuardedTask.Failures failures = new GuardedTask.Failures("gateway route " + config.name(), log::warn);
        timer.execute(failures.guard(bridge::start));
        long interval = Math.max(100, config.electionIntervalMillis());
        timer.scheduleWithFixedDelay(failures.guard(bridge::tick), interval, interval, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
        bridge.close();
    }

    Bridge bridge() {
        return bridge;
    }
}
