package org.polycast.ip.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.log.LoggerFactory;
import org.polycast.common.internal.BundleLog;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The DS life cycle shared by the IPv4 and IPv6 components (each bundle annotates a subclass with
 * {@code @Component}; bnd reads these inherited annotations): the technology-wide configuration, and the
 * per-interface factory configurations, which apply while the technology runs.
 */
public abstract class IpTechnologyComponent {
    private final IpFamily family;
    private final Map<InterfaceConfigurationComponent, InterfaceOverride> overrides = new LinkedHashMap<>();
    private BundleContext context;
    private IpTechnology technology;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    protected volatile LoggerFactory loggers; // protected: DS sets it through the annotated subclass
    private final BundleLog log = new BundleLog(getClass(), () -> loggers);

    protected IpTechnologyComponent(IpFamily family) {
        this.family = family;
    }

    @Activate
    protected synchronized void activate(BundleContext bundleContext, IpConfig config) {
        context = bundleContext;
        start(IpSettings.from(config, family));
    }

    @Modified
    protected synchronized void modified(IpConfig config) {
        IpSettings settings = IpSettings.from(config, family);
        technology.stop();
        start(settings);
    }

    private void start(IpSettings settings) {
        technology = new IpTechnology(family, log);
        overrides.forEach(technology::putOverride);
        technology.start(context, settings);
    }

    @Deactivate
    protected synchronized void deactivate() {
        technology.stop();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, target = "(polycast.ip.configuration=*)")
    protected synchronized void addInterfaceConfiguration(InterfaceConfigurationComponent c) {
        if (c.family() != family) {
            return;
        }
        overrides.put(c, c.override());
        if (technology != null) {
            technology.putOverride(c, c.override());
        }
    }

    protected synchronized void removeInterfaceConfiguration(InterfaceConfigurationComponent c) {
        if (overrides.remove(c) != null && technology != null) {
            technology.removeOverride(c);
        }
    }
}
