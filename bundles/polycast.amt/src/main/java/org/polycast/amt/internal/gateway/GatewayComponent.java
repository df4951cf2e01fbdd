package org.polycast.amt.internal.gateway;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One AMT gateway per factory configuration (factory PID {@code org.polycast.amt.gateway}): registers
 * the gateway as a receive-only technology Interface, and unregisters it when the configuration or
 * the bundle goes (the core then removes it from every socket).
 */
@Component(configurationPid = "org.polycast.amt.gateway", configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = GatewayConfig.class, factory = true)
public class GatewayComponent {
    private RegisteredGateway gateway;

    @Activate
    void activate(BundleContext context, GatewayConfig config) {
        gateway = new RegisteredGateway(context, GatewaySettings.from(config));
    }

    @Deactivate
    void deactivate() {
        gateway.close();
    }
}
