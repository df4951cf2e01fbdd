package org.polycast.amt.internal.gateway;

import java.util.Hashtable;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.polycast.amt.internal.AmtStatus;
import org.polycast.api.spi.TechnologyInterface;
import org.polycast.ip.internal.NettyTransport;

/** One gateway registered as a receive-only technology Interface, with its own event loop; closed in the order the relay needs. */
final class RegisteredGateway {
    private final NettyTransport transport;
    private final AmtGatewayInterface gateway;
    private final ServiceRegistration<?> registration;

    RegisteredGateway(BundleContext context, GatewaySettings settings) {
        this.transport = NettyTransport.create("auto", 1, "polycast-amt-gw-" + settings.name());
        this.gateway = new AmtGatewayInterface(settings, transport);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(TechnologyInterface.TECHNOLOGY, AmtGatewayInterface.TECHNOLOGY);
        props.put(TechnologyInterface.INTERFACE_NAME, settings.name());
        props.put(TechnologyInterface.DEFAULT_INTERFACE, settings.defaultInterface());
        props.put(TechnologyInterface.RECEIVE_ONLY, Boolean.TRUE);
        this.registration = context.registerService(new String[] {TechnologyInterface.class.getName(), AmtStatus.class.getName()}, gateway, props);
    }

    /**
     * Closes the gateway before unregistering it: the core's own close comes on its thread, possibly after the event
     * loop below is gone, and the relay should hear the leaves (otherwise it forwards until the memberships time out).
     */
    void close() {
        gateway.close();
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // already gone with the bundle
        }
        transport.shutdown();
    }
}
