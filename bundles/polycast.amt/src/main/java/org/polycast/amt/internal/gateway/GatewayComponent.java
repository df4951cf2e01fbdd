package org.polycast.amt.internal.gateway;

import java.util.Hashtable;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.polycast.amt.internal.AmtStatus;
import org.polycast.api.spi.TechnologyInterface;
import org.polycast.ip.internal.NettyTransport;

/**
 * One AMT gateway per factory configuration (factory PID {@code org.polycast.amt.gateway}): registers
 * the gateway as a receive-only technology Interface, and unregisters it when the configuration or
 * the bundle goes (the core then removes it from every socket).
 */
@Component(configurationPid = "org.polycast.amt.gateway", configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = GatewayConfig.class, factory = true)
public class GatewayComponent {
    private NettyTransport transport;
    private ServiceRegistration<?> registration;
    private AmtGatewayInterface gateway;

    @Activate
    void activate(BundleContext context, GatewayConfig config) {
        GatewaySettings settings = GatewaySettings.from(config);
        transport = NettyTransport.create("auto", 1, "polycast-amt-gw-" + settings.name());
        gateway = new AmtGatewayInterface(settings, transport);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(TechnologyInterface.TECHNOLOGY, AmtGatewayInterface.TECHNOLOGY);
        props.put(TechnologyInterface.INTERFACE_NAME, settings.name());
        props.put(TechnologyInterface.DEFAULT_INTERFACE, settings.defaultInterface());
        props.put(TechnologyInterface.RECEIVE_ONLY, Boolean.TRUE);
        registration = context.registerService(new String[] {TechnologyInterface.class.getName(), AmtStatus.class.getName()}, gateway, props);
    }

    /**
     * Closes the gateway before unregistering it: the core's own close comes on its thread, possibly after the event
     * loop below is gone, and the relay should hear the leaves (otherwise it forwards until the memberships time out).
     */
    @Deactivate
    void deactivate() {
        gateway.close();
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // already gone with the bundle
        }
        transport.shutdown();
    }
}
