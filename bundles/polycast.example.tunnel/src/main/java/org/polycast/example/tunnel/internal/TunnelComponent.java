package org.polycast.example.tunnel.internal;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.polycast.api.spi.TechnologyInterface;

/** One configured tunnel: registers its Interface with the technology service properties while the configuration exists. */
@Component(configurationPid = "org.polycast.example.tunnel", configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = TunnelConfig.class, factory = true)
public class TunnelComponent {
    private ServiceRegistration<TechnologyInterface> registration;

    @Activate
    void activate(BundleContext context, TunnelConfig config) {
        List<InetSocketAddress> peers = new ArrayList<>();
        for (String p : config.peers()) {
            int colon = p.lastIndexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException("peer '" + p + "' must be host:port");
            }
            peers.add(new InetSocketAddress(p.substring(0, colon).replace("[", "").replace("]", ""), Integer.parseInt(p.substring(colon + 1))));
        }
        TunnelInterface tunnel = new TunnelInterface(config.name(), new InetSocketAddress(config.bindAddress(), config.port()), peers,
                config.atomicMessageSize());
        registration = context.registerService(TechnologyInterface.class, tunnel, properties(config.name()));
    }

    static Hashtable<String, Object> properties(String name) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(TechnologyInterface.TECHNOLOGY, TunnelInterface.TECHNOLOGY);
        p.put(TechnologyInterface.INTERFACE_NAME, name);
        p.put(TechnologyInterface.CONCURRENT_SEND, true);
        return p;
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
    }
}
