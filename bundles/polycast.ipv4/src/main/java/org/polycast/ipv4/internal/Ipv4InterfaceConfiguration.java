package org.polycast.ipv4.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.polycast.ip.internal.InterfaceConfigurationComponent;
import org.polycast.ip.internal.InterfaceOverrideConfig;
import org.polycast.ip.internal.IpFamily;

/** One per-interface configuration of the IPv4 technology (factory PID {@code org.polycast.ipv4.interface}). */
@Component(configurationPid = "org.polycast.ipv4.interface", configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = InterfaceConfigurationComponent.class, property = "polycast.ip.configuration=ipv4")
@Designate(ocd = InterfaceOverrideConfig.class, factory = true)
public class Ipv4InterfaceConfiguration extends InterfaceConfigurationComponent {
    public Ipv4InterfaceConfiguration() {
        super(IpFamily.V4);
    }
}
