package org.polycast.ipv4.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.polycast.ip.internal.IpConfig;
import org.polycast.ip.internal.IpFamily;
import org.polycast.ip.internal.IpTechnologyComponent;

/** The IPv4 technology (PID {@code org.polycast.ipv4}): one Polycast Interface per IPv4 multicast-capable network interface. */
@Component(configurationPid = "org.polycast.ipv4", immediate = true, service = {})
@Designate(ocd = IpConfig.class)
public class Ipv4Technology extends IpTechnologyComponent {
    public Ipv4Technology() {
        super(IpFamily.V4);
    }
}
