package org.polycast.example.ticker.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the example ticker (PID {@code org.polycast.example.ticker}); it runs with these defaults without one. */
@ObjectClassDefinition(name = "Polycast example ticker", description = "Sends a tick to a group name every interval and keeps what it hears")
@interface TickerConfig {
    @AttributeDefinition(description = "The group name to join and send to (a ham: URI, RFC 7046)")
    String group() default "ham:opaque:polycast-ticker";

    @AttributeDefinition(description = "Milliseconds between two ticks; 0 sends nothing (listen only)")
    long intervalMillis() default 1000;

    @AttributeDefinition(description = "The name in each tick; empty for this host's name")
    String name() default "";
}
