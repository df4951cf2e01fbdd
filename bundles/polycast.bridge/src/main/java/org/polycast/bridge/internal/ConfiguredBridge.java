package org.polycast.bridge.internal;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.polycast.api.HamUri;

/** A bridge from a configuration: started when it appears, stopped when it goes or changes. */
@Component(service = {}, configurationPid = "org.polycast.bridge", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = BridgeConfig.class, factory = true)
public class ConfiguredBridge {
    private final Bridges bridges;
    private final String name;

    @Activate
    public ConfiguredBridge(@Reference Bridges bridges, BridgeConfig config, Map<String, Object> properties) throws IOException {
        this.bridges = bridges;
        Direction direction;
        try {
            direction = Direction.valueOf(config.direction().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("org.polycast.bridge: direction must be in or out, was '" + config.direction() + "'");
        }
        String pid = String.valueOf(properties.getOrDefault("service.pid", "bridge"));
        this.name = config.name().isBlank() ? pid.substring(pid.lastIndexOf('~') + 1) : config.name();
        bridges.start(name, direction, UdpEndpoint.parse(config.udp()), HamUri.parse(config.group()));
    }

    @Deactivate
    void stop() {
        try {
            bridges.stop(name);
        } catch (IllegalArgumentException e) {
            // stopped from the shell already
        }
    }
}
