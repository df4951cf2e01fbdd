package org.polycast.ipv6.internal;

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

/** The IPv6 technology (PID {@code org.polycast.ipv6}): one Polycast Interface per IPv6 multicast-capable network interface. */
@Component(configurationPid = "org.polycast.ipv6", immediate = true, service = {})
@Designate(ocd = IpConfig.class)
public class Ipv6Technology {
    private BundleContext context;
    private IpTechnology technology;

    @Activate
    void activate(BundleContext bundleContext, IpConfig config) {
        context = bundleContext;
        technology = new IpTechnology(IpFamily.V6);
        technology.start(context, IpSettings.from(config, IpFamily.V6));
    }

    @Modified
    void modified(IpConfig config) {
        IpSettings settings = IpSettings.from(config, IpFamily.V6);
        technology.stop();
        technology = new IpTechnology(IpFamily.V6);
        technology.start(context, settings);
    }

    @Deactivate
    void deactivate() {
        technology.stop();
    }
}
