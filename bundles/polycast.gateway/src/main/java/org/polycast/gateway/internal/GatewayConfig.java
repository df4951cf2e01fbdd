package org.polycast.gateway.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** One bridge between two domains (factory PID {@code org.polycast.gateway}: one configuration per route). */
@ObjectClassDefinition(name = "Polycast gateway route", description = "Bridges groups between the Interfaces of two domains")
@interface GatewayConfig {
    @AttributeDefinition(description = "Name of the route, for displays and the election")
    String name() default "route";

    @AttributeDefinition(description = "Interfaces of side A: technology[:interface-name glob], for example ip:eth1, ip:*-v6, alm, amt")
    String sideA();

    @AttributeDefinition(description = "Interfaces of side B, as for side A")
    String sideB();

    @AttributeDefinition(description = "Domain of side A; gateways bridging the same two domains must use the same names (default: side A's selector)")
    String domainA() default "";

    @AttributeDefinition(description = "Domain of side B (default: side B's selector)")
    String domainB() default "";

    @AttributeDefinition(description = "Groups bridged: a Group Name used on both sides, or NAME_A=NAME_B to translate (static mode)")
    String[] groups() default {};

    @AttributeDefinition(description = "Which way data flows", options = {
        @Option(value = "both", label = "both ways"), @Option(value = "a-to-b", label = "A to B only"), @Option(value = "b-to-a", label = "B to A only") })
    String direction() default "both";

    @AttributeDefinition(description = "static: the configured groups; events: also groups whose members join or leave on either side (RFC 7046 Appendix C)",
            options = {@Option(value = "static", label = "static"), @Option(value = "events", label = "event-driven")})
    String mode() default "static";

    @AttributeDefinition(description = "Elect one designated gateway per group and pair of domains over the overlay: auto (when an overlay runs), on, off",
            options = {@Option(value = "auto", label = "auto"), @Option(value = "on", label = "on"), @Option(value = "off", label = "off: always forward")})
    String election() default "auto";

    @AttributeDefinition(description = "Seconds a designated gateway's claim lasts without renewal; a standby takes over after it")
    long leaseSeconds() default 2;

    @AttributeDefinition(description = "Milliseconds between claim renewals and standby attempts")
    long electionIntervalMillis() default 500;

    @AttributeDefinition(description = "Milliseconds within which a message that this gateway sent into a side and that comes back from it is dropped")
    long echoWindowMillis() default 2000;

    @AttributeDefinition(description = "Event-driven mode: seconds without data after which a group added by an event is left again (soft state, as PIM's keepalive)")
    long eventGroupIdleSeconds() default 210;
}
