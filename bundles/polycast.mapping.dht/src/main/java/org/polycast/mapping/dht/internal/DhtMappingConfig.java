package org.polycast.mapping.dht.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** ConfigAdmin configuration of the DHT mapping service (PID {@code org.polycast.mapping.dht}). */
@ObjectClassDefinition(name = "Polycast DHT mapping", description = "Group Name to Group Address allocation over the RELOAD overlay")
@interface DhtMappingConfig {
    @AttributeDefinition(description = "IPv4 prefix ASM group addresses are allocated from")
    String ipv4Range() default "239.193.0.0/16";

    @AttributeDefinition(description = "IPv4 prefix for names whose instantiation is an IPv4 source (SSM channels)")
    String ipv4SsmRange() default "232.193.0.0/16";

    @AttributeDefinition(description = "IPv6 prefix group addresses are allocated from")
    String ipv6Range() default "ff15::1:0:0/96";

    @AttributeDefinition(description = "UDP ports for names without a port: first-last (derived from the name's hash, like the IP technologies')")
    String ports() default "20000-29999";

    @AttributeDefinition(description = "Lease of an allocation in seconds; renewed every third of it while this runtime runs")
    long leaseSeconds() default 300;

    @AttributeDefinition(description = "Candidate addresses tried per name before the range counts as full")
    int maxProbes() default 32;

    @AttributeDefinition(description = "Milliseconds a first mapping of a name may wait for the overlay (keep below the core's call time limit)")
    long waitMillis() default 1500;
}
