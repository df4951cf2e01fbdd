package org.polycast.ipv6.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.polycast.ip.internal.IpConfig;
import org.polycast.ip.internal.IpFamily;
import org.polycast.ip.internal.IpTechnologyComponent;

/** The IPv6 technology (PID {@code org.polycast.ipv6}): one Polycast Interface per IPv6 multicast-capable network interface. */
@Component(configurationPid = "org.polycast.ipv6", immediate = true, service = {})
@Designate(ocd = IpConfig.class)
public class Ipv6Technology extends IpTechnologyComponent {
    public Ipv6Technology() {
        super(IpFamily.V6);
    }
}
