package org.polycast.core.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** ConfigAdmin configuration of the core (PID {@code org.polycast.core}); changes apply without restart except the maximum message size. */
@ObjectClassDefinition(name = "Polycast core", description = "Middleware settings")
@interface CoreConfig {
    @AttributeDefinition(description = "Time limit in milliseconds for one call into a technology")
    long callTimeoutMillis() default 2000;

    @AttributeDefinition(description = "Largest message send() accepts, in bytes (65536 to 8388608); fixed at start")
    int maxMessageSize() default Settings.MIN_MAX_MESSAGE_SIZE;

    @AttributeDefinition(description = "Longest time in milliseconds a send waits while an Interface's flow control holds it back (an ALM tree whose members read slower); then it fails with SendTimeoutException")
    long sendBlockMillis() default 2000;

    @AttributeDefinition(description = "Messages each Interface may have waiting to be sent")
    int sendQueueCapacity() default 4096;

    @AttributeDefinition(description = "Messages each socket may have waiting to be received")
    int receiveQueueCapacity() default 8192;

    @AttributeDefinition(description = "Bytes of message payload each socket may have waiting to be received (at least maxMessageSize); beyond it, arriving messages are dropped and counted in the socket's 'dropped'; applies to sockets opened after a change")
    long receiveQueueBytes() default Settings.DEFAULT_QUEUE_BYTES;

    @AttributeDefinition(description = "Bytes each Interface may hold in partly received fragmented messages (at least maxMessageSize); beyond it, the oldest is given up and counted as dropped; applies to Interfaces attached after a change")
    long reassemblyBytes() default Settings.DEFAULT_QUEUE_BYTES;

    @AttributeDefinition(description = "Milliseconds a partly received fragmented message is kept")
    long reassemblyTimeoutMillis() default 5000;

    @AttributeDefinition(description = "Fragmented messages being reassembled at once, per Interface")
    int maxPendingReassemblies() default 1024;

    @AttributeDefinition(description = "Milliseconds within which a copy arriving over another Interface counts as a duplicate")
    long duplicateWindowMillis() default 2000;

    @AttributeDefinition(description = "Which Interfaces of a socket a message goes out on", options = {
        @Option(value = "all", label = "all: every Interface that can carry the name (RFC 7046)"),
        @Option(value = "best", label = "best: the one Interface with the best mapping") })
    String selection() default "all";

    @AttributeDefinition(description = "Technologies in order of preference, for the 'best' selection")
    String[] technologyPreference() default {"ip", "amt", "alm", "loopback"};

    @AttributeDefinition(description = "Namespaces whose Group Names are refused unless a namespace plugin serves them")
    String[] requiredNamespaceHandlers() default {"sip"};
}
