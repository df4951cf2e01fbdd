package org.polycast.ip.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Factory configuration for one network interface (factory PIDs {@code org.polycast.ipv4.interface} and
 * {@code org.polycast.ipv6.interface}): use or skip it whatever the technology-wide lists say, and give it
 * its own hop limit, loopback and receive buffer.
 */
@ObjectClassDefinition(name = "Polycast IP interface", description = "Settings of one network interface for an IP technology")
public @interface InterfaceOverrideConfig {
    @AttributeDefinition(description = "Network interface name, for example eth0")
    String name();

    @AttributeDefinition(description = "Use this interface (true adds it even if the technology-wide settings leave it out)")
    boolean enabled() default true;

    @AttributeDefinition(description = "Hop limit on this interface when the application sets none; -1 for the technology default")
    int defaultTtl() default -1;

    @AttributeDefinition(description = "IP_MULTICAST_LOOP on this interface: default, true or false", options = {
        @org.osgi.service.metatype.annotations.Option(value = "default"), @org.osgi.service.metatype.annotations.Option(value = "true"),
        @org.osgi.service.metatype.annotations.Option(value = "false")})
    String multicastLoop() default "default";

    @AttributeDefinition(description = "SO_RCVBUF in bytes on this interface; -1 for the technology default")
    int receiveBufferBytes() default -1;
}
