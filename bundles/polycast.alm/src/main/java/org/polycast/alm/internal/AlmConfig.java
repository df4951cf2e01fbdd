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

    @AttributeDefinition(description = "Tree edges as direct TLS links made with AppAttach (the overlay's certificates on both ends); "
            + "false: every record travels as a signed Push over the overlay path")
    boolean dataLinks() default true;

    @AttributeDefinition(description = "Source authentication: every source signs manifests of its messages' hashes and members deliver "
            + "only what a manifest they verified lists (a forwarder cannot forge or change data unnoticed)")
    boolean sourceAuthentication() default true;

    @AttributeDefinition(description = "Source authentication: at most one manifest signature per this many milliseconds and tree (a "
            + "signature covers every message sent meanwhile)")
    int signatureIntervalMillis() default 5;

    @AttributeDefinition(description = "Source authentication: milliseconds a member waits for the manifest of a message, when no later one comes, before it drops "
            + "the message as unverified")
    int verifyWaitMillis() default 10000;

    @AttributeDefinition(description = "Milliseconds a member waits for a missing message before it counts it lost and delivers what "
            + "follows (order is kept: a message that comes later is dropped)")
    int gapWaitMillis() default 1000;

    @AttributeDefinition(description = "Bytes a member holds per tree waiting for order or verification; beyond it the oldest gap is given up")
    long receiveBufferBytes() default 8L << 20;

    @AttributeDefinition(description = "Milliseconds an edge may hold its tree back (full while another edge has room) before it is probed: "
            + "if unhindered for a second it drains less than a quarter of what it is handed (twice in a row), it is slow and its data is dropped (counted) "
            + "so that it holds the others back no longer")
    int slowMemberMillis() default 3000;

    @AttributeDefinition(description = "Bytes of records from links queued for the ALM thread; beyond it the links stop reading")
    long inboundLimitBytes() default 1L << 20;

    @AttributeDefinition(description = "What each peer keeps per tree for re-joining children: bytes")
    long replayBufferBytes() default 1L << 20;

    @AttributeDefinition(description = "What each peer keeps per tree for re-joining children: messages")
    int replayBufferMessages() default 1024;

    @AttributeDefinition(description = "Milliseconds the Interface waits, when it closes, for what it accepted to go out")
    int closeWaitMillis() default 3000;

    @AttributeDefinition(description = "Hybrid ALM: the name of this peer's multicast region (stored in the overlay with what the peer can do); "
            + "empty: none")
    String hybridRegion() default "";

    @AttributeDefinition(description = "Hybrid ALM: ADDRESS:PORT of an AMT relay serving this peer's native region; when set, this peer "
            + "advertises it in the overlay for every group it joins (a region border: bridge the group natively with polycast.gateway)")
    String hybridAmtRelay() default "";

    @AttributeDefinition(description = "Hybrid ALM: when a relay is advertised for a joined group, take delivery through it (an AMT gateway "
            + "configuration is created for it) and leave the tree once the AMT path has delivered first this many times in a row (0: never)")
    int hybridSwitchAfter() default 5;

    @AttributeDefinition(description = "Hybrid ALM: a forwarder on the tree below the advertising border (not a member) takes the relay as well "
            + "and passes each message down once, whichever path brought it first (needs the AMT gateway bundle)")
    boolean hybridForwarders() default true;

    @AttributeDefinition(description = "Hybrid ALM: milliseconds without data over AMT after which the member joins the tree again")
    int hybridSilenceMillis() default 6000;

    @AttributeDefinition(description = "Hybrid ALM: this peer is the AMT gateway of its region (hybridRegion): it joins the groups that the "
            + "region's other peers want through the relay advertised for them and sends their data into the region, on the ip Interface "
            + "named by hybridRegionInterface")
    boolean hybridRegionGateway() default false;

    @AttributeDefinition(description = "Hybrid ALM: for a region gateway, the ip Interface (its name) into which it sends; for a member, a glob "
            + "on the ip Interfaces where it receives its region gateway's data (empty: all ip Interfaces)")
    String hybridRegionInterface() default "";
}
