package org.polycast.ip.internal;

import java.net.SocketException;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.polycast.common.internal.BundleLog;
import org.polycast.common.internal.GuardedTask;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.polycast.api.spi.TechnologyInterface;

/**
 * One IP technology (IPv4 or IPv6): registers a {@link TechnologyInterface} service for every usable
 * network interface, and re-scans periodically so that interfaces that come, go or change address
 * are registered or withdrawn while the runtime runs.
 */
public final class IpTechnology {
    /** The technology name both IP families register under. */
    public static final String TECHNOLOGY = "ip";

    private final IpFamily family;
    private final Map<String, ServiceRegistration<TechnologyInterface>> registrations = new HashMap<>();
    private final Map<String, IpInterface> interfaces = new HashMap<>();
    private BundleContext context;
    private IpSettings settings;
    /** Set by start (synchronized), read by transportName from any thread. */
    private volatile NettyTransport transport;
    private ScheduledExecutorService scanner;
    /** Per-interface factory configurations, by network interface name. */
    private final Map<String, InterfaceOverride> overrides = new HashMap<>();
    private final Map<Object, String> overrideKeys = new HashMap<>();

    private final GuardedTask.Failures scanFailures;

    public IpTechnology(IpFamily family, BundleLog log) {
        this.family = family;
        this.scanFailures = new GuardedTask.Failures(family.label() + " interface scan", log::warn);
    }

    public synchronized void start(BundleContext bundleContext, IpSettings s) {
        this.context = bundleContext;
        this.settings = s;
        // Two event loops: channels are spread over them, so that a busy sending channel does not starve receiving ones.
        this.transport = NettyTransport.create(s.transport(), 2, "polycast-" + family.label().toLowerCase() + "-io");
        this.scanner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "polycast-" + family.label().toLowerCase() + "-scan");
            t.setDaemon(true);
            return t;
        });
        Runnable scan = scanFailures.guard(this::rescan);
        scan.run(); // the first scan before activation ends, so the Interfaces exist once the bundle is active
        scanner.scheduleWithFixedDelay(scan, s.rescanSeconds(), s.rescanSeconds(), TimeUnit.SECONDS);
    }

    public synchronized void stop() {
        if (scanner != null) {
            scanner.shutdownNow();
        }
        registrations.values().forEach(IpTechnology::unregister);
        registrations.clear();
        interfaces.values().forEach(IpInterface::close);
        interfaces.clear();
        if (transport != null) {
            transport.shutdown();
        }
    }

    /** A per-interface configuration appeared or changed (key: its identity, e.g. the configuration's PID). */
    public synchronized void putOverride(Object key, InterfaceOverride o) {
        String previous = overrideKeys.put(key, o.name());
        if (previous != null) {
            overrides.remove(previous);
        }
        overrides.put(o.name(), o);
        reapply(o.name());
        if (previous != null && !previous.equals(o.name())) {
            reapply(previous);
        }
    }

    public synchronized void removeOverride(Object key) {
        String name = overrideKeys.remove(key);
        if (name != null) {
            overrides.remove(name);
            reapply(name);
        }
    }

    /** Withdraws the Interface of a network interface so that the next scan registers it with the current settings. */
    private void reapply(String nicName) {
        registrations.keySet().removeIf(identity -> {
            if (!identity.startsWith(nicName + family.nameSuffix() + "|")) {
                return false;
            }
            unregister(registrations.get(identity));
            interfaces.remove(identity);
            return true;
        });
        if (context != null) {
            rescanSafely();
        }
    }

    public String transportName() {
        return transport == null ? "none" : transport.name();
    }

    /** A failed scan must not end the periodic task (the executor would drop it silently). */
    private void rescanSafely() {
        scanFailures.guard(this::rescan).run();
    }

    synchronized void rescan() {
        List<Nic> nics;
        try {
            nics = NicScanner.scan(family, settings, overrides);
        } catch (SocketException e) {
            return; // try again at the next scan
        }
        Map<String, Nic> now = new HashMap<>();
        nics.forEach(n -> now.put(n.identity(), n));
        registrations.keySet().removeIf(identity -> {
            if (now.containsKey(identity)) {
                return false;
            }
            unregister(registrations.get(identity));
            interfaces.remove(identity);
            return true;
        });
        for (Nic nic : nics) {
            if (!registrations.containsKey(nic.identity())) {
                String plainName = nic.networkInterface().getName();
                IpSettings effective = overrides.containsKey(plainName) ? overrides.get(plainName).applyTo(settings) : settings;
                IpInterface iface = new IpInterface(family, nic, effective, transport);
                Hashtable<String, Object> props = new Hashtable<>();
                props.put(TechnologyInterface.TECHNOLOGY, TECHNOLOGY);
                props.put(TechnologyInterface.INTERFACE_NAME, nic.name());
                props.put(TechnologyInterface.DEFAULT_INTERFACE, Boolean.TRUE);
                props.put(TechnologyInterface.CONCURRENT_SEND, Boolean.TRUE); // a Netty channel write is thread-safe and asynchronous
                props.put("polycast.ip.family", family.label());
                props.put("polycast.ip.transport", transport.name());
                registrations.put(nic.identity(), context.registerService(TechnologyInterface.class, iface, props));
                interfaces.put(nic.identity(), iface);
            }
        }
    }

    private static void unregister(ServiceRegistration<?> r) {
        try {
            r.unregister();
        } catch (IllegalStateException e) {
            // already gone with the bundle
        }
    }
}
