package org.polycast.ipv6.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.polycast.ip.internal.InterfaceConfigurationComponent;
import org.polycast.ip.internal.InterfaceOverrideConfig;
import org.polycast.ip.internal.IpFamily;

/** One per-interface configuration of the IPv6 technology (factory PID {@code org.polycast.ipv6.interface}). */
@Component(configurationPid = "org.polycast.ipv6.interface", configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = InterfaceConfigurationComponent.class, property = "polycast.ip.configuration=ipv6")
@Designate(ocd = InterfaceOverrideConfig.class, factory = true)
public class Ipv6InterfaceConfiguration extends InterfaceConfigurationComponent {
    public Ipv6InterfaceConfiguration() {
        super(IpFamily.V6);
    }
}
