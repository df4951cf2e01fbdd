package org.polycast.bridge.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** One configured bridge (factory PID {@code org.polycast.bridge}, e.g. conf/org.polycast.bridge-tv.cfg). */
@ObjectClassDefinition(name = "Polycast UDP bridge", description = "Forwards a local UDP port into a group name, or a group name to a local UDP address")
@interface BridgeConfig {
    @AttributeDefinition(description = "in: UDP into the group; out: the group to UDP", options = {@Option(value = "in", label = "in"), @Option(value = "out", label = "out")})
    String direction();

    @AttributeDefinition(description = "[HOST:]PORT: where to listen (in) or where to send (out); the host defaults to 127.0.0.1")
    String udp();

    @AttributeDefinition(description = "The group name (a ham: URI)")
    String group();

    @AttributeDefinition(description = "The bridge's name in ham:bridge; default: the configuration's name")
    String name() default "";
}
