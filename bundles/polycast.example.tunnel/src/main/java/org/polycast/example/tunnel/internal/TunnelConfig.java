package org.polycast.example.tunnel.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One tunnel Interface (factory PID {@code org.polycast.example.tunnel}). */
@ObjectClassDefinition(name = "Polycast UDP tunnel (example)", description = "Groups over UDP unicast to configured peers")
@interface TunnelConfig {
    @AttributeDefinition(description = "Interface name")
    String name() default "tun0";

    @AttributeDefinition(description = "Local address to bind")
    String bindAddress() default "127.0.0.1";

    @AttributeDefinition(description = "Local UDP port")
    int port() default 7046;

    @AttributeDefinition(description = "Peers to send to: host:port")
    String[] peers() default {};

    @AttributeDefinition(description = "Largest payload per datagram in bytes")
    int atomicMessageSize() default 1400;
}
