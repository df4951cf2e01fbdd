package org.polycast.amt.internal.gateway;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Polycast AMT gateway", description = "One AMT gateway Interface (technology 'amt', RFC 7450): receives "
        + "multicast through a relay where the network has none. One factory configuration per gateway.")
public @interface GatewayConfig {
    @AttributeDefinition(description = "Interface name, for example amt0")
    String name() default "amt0";

    @AttributeDefinition(description = "Relays to use, in order of preference: addresses or host names, each used as a Relay Discovery "
            + "address (a relay answers Discovery on its unicast address too). Empty: the RFC 7450 anycast address of the underlay family.")
    String[] relays() default {};

    @AttributeDefinition(description = "Underlay family when no relay is given: ipv4 (anycast 192.52.193.1) or ipv6 (anycast 2001:3::1)")
    String underlay() default "ipv4";

    @AttributeDefinition(description = "With no relay configured, look up the relays a source publishes in DNS (RFC 8777 AMTRELAY records at its "
            + "reverse name) for each source-specific join, and try them before the anycast address")
    boolean driad() default true;

    @AttributeDefinition(description = "DNS server for those lookups; empty: the host's resolvers")
    String driadResolver() default "";

    @AttributeDefinition(description = "Local address to send from; empty: chosen by routing")
    String bindAddress() default "";

    @AttributeDefinition(description = "Longest back-off between Relay Discovery retransmissions, in seconds (RFC 7450: 120)")
    int maxBackoffSeconds() default 120;

    @AttributeDefinition(description = "Write the Request P flag as the Linux kernel driver does (0x80), for MLD towards a Linux relay")
    boolean linuxPFlag() default false;

    @AttributeDefinition(description = "Whether sockets that follow the defaults use this Interface")
    boolean defaultInterface() default true;
}
