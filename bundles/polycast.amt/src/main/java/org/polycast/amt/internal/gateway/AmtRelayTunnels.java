package org.polycast.amt.internal.gateway;

import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.polycast.api.spi.RelayTunnels;

/**
 * AMT gateways that other technologies ask for ({@link RelayTunnels}): one per relay, named {@code amt-tunnel-N}, not a
 * default Interface, made without any configuration of this bundle's being written by anyone else. They live as long as
 * this component (the bundle); a configured gateway ({@link GatewayComponent}) is the operator's way to the same relay.
 */
@Component(service = RelayTunnels.class)
public class AmtRelayTunnels implements RelayTunnels {
    /** Tunnels at most: each has an event loop of its own. */
    static final int MAX_TUNNELS = 16;
    private static final long MAX_BACKOFF_MILLIS = 120_000;

    private final BundleContext context;
    private final Map<String, String> names = new LinkedHashMap<>();
    private final Map<String, RegisteredGateway> gateways = new LinkedHashMap<>();
    private boolean closed;

    @Activate
    public AmtRelayTunnels(BundleContext context) {
        this.context = context;
    }

    @Override
    public String technology() {
        return AmtGatewayInterface.TECHNOLOGY;
    }

    @Override
    public synchronized String open(String relay) {
        if (relay == null || relay.isBlank()) {
            throw new IllegalArgumentException("a tunnel needs a relay address");
        }
        String key = relay.trim();
        String name = names.get(key);
        if (name != null) {
            return name;
        }
        if (closed) {
            throw new IllegalStateException("the AMT bundle is stopping");
        }
        if (gateways.size() >= MAX_TUNNELS) {
            throw new IllegalStateException("already " + MAX_TUNNELS + " AMT tunnels open (to " + names.keySet() + ")");
        }
        name = "amt-tunnel-" + (names.size() + 1);
        gateways.put(name, new RegisteredGateway(context, GatewaySettings.forRelay(name, key, MAX_BACKOFF_MILLIS)));
        names.put(key, name);
        return name;
    }

    @Deactivate
    synchronized void deactivate() {
        closed = true;
        gateways.values().forEach(RegisteredGateway::close);
        gateways.clear();
        names.clear();
    }
}
