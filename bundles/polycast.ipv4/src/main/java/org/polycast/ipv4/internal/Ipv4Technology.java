package org.polycast.ipv4.internal;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.polycast.ip.internal.IpConfig;
import org.polycast.ip.internal.IpFamily;
import org.polycast.ip.internal.IpSettings;
import org.polycast.ip.internal.IpTechnology;

/** The IPv4 technology (PID {@code org.polycast.ipv4}): one Polycast Interface per IPv4 multicast-capable network interface. */
@Component(configurationPid = "org.polycast.ipv4", immediate = true, service = {})
@Designate(ocd = IpConfig.class)
public class Ipv4Technology {
    private BundleContext context;
    private IpTechnology technology;

    @Activate
    void activate(BundleContext bundleContext, IpConfig config) {
        context = bundleContext;
        technology = new IpTechnology(IpFamily.V4);
        technology.start(context, IpSettings.from(config, IpFamily.V4));
    }

    @Modified
    void modified(IpConfig config) {
        IpSettings settings = IpSettings.from(config, IpFamily.V4);
        technology.stop();
        technology = new IpTechnology(IpFamily.V4);
        technology.start(context, settings);
    }

    @Deactivate
    void deactivate() {
        technology.stop();
    }
}
