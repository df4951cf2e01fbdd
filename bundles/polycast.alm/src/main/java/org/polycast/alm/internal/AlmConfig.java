package org.polycast.alm.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Polycast ALM Interface", description = "Application-layer multicast over the RELOAD overlay (RFC 7019, "
        + "SCRIBE-SAM): one Interface of technology alm while an overlay peer runs")
public @interface AlmConfig {
    @AttributeDefinition(description = "Interface name")
    String name() default "alm0";

    @AttributeDefinition(description = "Largest message carried unfragmented, in bytes; keep well below the overlay's max-message-size")
    int atomicMessageSize() default 8192;

    @AttributeDefinition(description = "Milliseconds between a child's heartbeats to its parent (RFC 7019 default 2000)")
    int heartbeatMillis() default 2000;

    @AttributeDefinition(description = "Heartbeats a parent may miss before it drops the child")
    int missedHeartbeats() default 3;

    @AttributeDefinition(description = "Milliseconds a heartbeat may go unanswered before the child re-joins (RFC 7019 default 5000)")
    int heartbeatTimeoutMillis() default 5000;

    @AttributeDefinition(description = "Most children per peer and tree; further joiners are pushed down to a child")
    int maxChildren() default 64;

    @AttributeDefinition(description = "Seconds between a root's stores of its tree's ALMTree record and diagnostics in the overlay (0: never)")
    int recordIntervalSeconds() default 30;
}
