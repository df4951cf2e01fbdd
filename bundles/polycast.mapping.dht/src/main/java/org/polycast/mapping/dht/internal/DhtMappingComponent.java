package org.polycast.mapping.dht.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
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
import org.polycast.api.overlay.OverlayService;
import org.polycast.api.spi.NameMapper;

/**
 * Registers the DHT mapper as a {@link NameMapper} for the {@code ip} and {@code alm} technologies,
 * follows the overlay service, renews leases, and bumps the service property
 * {@value #EPOCH} whenever earlier answers may be stale (overlay joined or lost, an allocation
 * lost), so that the core maps again.
 */
@Component(service = DhtMappingComponent.class, immediate = true, configurationPid = DhtMappingComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = DhtMappingConfig.class)
public class DhtMappingComponent {
    static final String PID = "org.polycast.mapping.dht";
    static final String EPOCH = "polycast.mapper.epoch";

    private final AtomicLong epoch = new AtomicLong();
    private volatile OverlayService overlay;
    /** Set at activation and deactivation (synchronized), read by callbacks from other threads. */
    private volatile DhtMapper mapper;
    private ServiceRegistration<NameMapper> registration;
    private ScheduledExecutorService timer;
    private boolean lastReady;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setOverlay(OverlayService o) {
        overlay = o;
        DhtMapper m = mapper;
        if (m != null) {
            m.overlay(o);
        }
    }

    void unsetOverlay(OverlayService o) {
        if (overlay == o) {
            overlay = null;
            DhtMapper m = mapper;
            if (m != null) {
                m.overlay(null);
            }
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile LoggerFactory loggers;
    private final BundleLog log = new BundleLog(DhtMappingComponent.class, () -> loggers);

    @Activate
    synchronized void activate(BundleContext context, DhtMappingConfig config) {
        mapper = new DhtMapper(config, this::stale);
        mapper.overlay(overlay);
        registration = context.registerService(NameMapper.class, mapper, properties());
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "polycast-dht-mapping");
            t.setDaemon(true);
            return t;
        });
        long refreshMillis = Math.max(1000, config.leaseSeconds() * 1000 / 3);
        GuardedTask.Failures failures = new GuardedTask.Failures("the DHT mapping's lease refresh or overlay watch", log::warn);
        timer.scheduleWithFixedDelay(failures.guard(mapper::refresh), refreshMillis, refreshMillis, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(failures.guard(this::watchOverlay), 1, 1, TimeUnit.SECONDS);
    }

    @Deactivate
    synchronized void deactivate() {
        timer.shutdownNow();
        registration.unregister();
        registration = null;
        mapper = null;
    }

    /** Joining or losing the ring changes what the mapper answers. */
    private void watchOverlay() {
        DhtMapper m = mapper;
        boolean ready = m != null && m.ready();
        if (ready != lastReady) {
            lastReady = ready;
            stale();
        }
    }

    private synchronized void stale() {
        epoch.incrementAndGet();
        if (registration != null) {
            registration.setProperties(properties());
        }
    }

    private Dictionary<String, Object> properties() {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(NameMapper.MAPPER_NAME, "dht");
        p.put(NameMapper.TECHNOLOGIES, new String[] {"ip", "alm"});
        p.put("service.ranking", 10);
        p.put(EPOCH, epoch.get());
        return p;
    }

    DhtMapper mapper() {
        return mapper;
    }
}
