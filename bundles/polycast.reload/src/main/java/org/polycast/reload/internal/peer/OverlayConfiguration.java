package org.polycast.reload.internal.peer;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Polycast RELOAD overlay peer", description = "Runs a peer of a RELOAD (RFC 6940) overlay with CHORD-RELOAD over TLS. "
        + "Only runs when configured (conf/org.polycast.reload.cfg).")
public @interface OverlayConfiguration {
    @AttributeDefinition(description = "Overlay instance name; ignored when a configuration document is given (its instance-name counts)")
    String overlay() default "polycast.local";

    @AttributeDefinition(description = "Path of the overlay configuration document (RFC 6940 §11.1 XML); empty: the embedded one "
            + "(self-signed certificates, CHORD-RELOAD, no ICE)")
    String configuration() default "";

    @AttributeDefinition(description = "Address to listen on for overlay links (TLS over TCP)")
    String listenAddress() default "0.0.0.0";

    @AttributeDefinition(description = "TCP port for overlay links (IANA: 6084)")
    int port() default 6084;

    @AttributeDefinition(description = "TCP port for application links made with AppAttach (ALM tree edges); 0: any free port, which "
            + "AppAttach names")
    int appLinkPort() default 0;

    @AttributeDefinition(description = "Threads for application links' TLS and I/O; 0: one per core, at most 4")
    int appLinkThreads() default 0;

    @AttributeDefinition(description = "Addresses offered to peers in Attach; empty: the listen address, or every non-loopback address of the host")
    String[] advertisedAddresses() default {};

    @AttributeDefinition(description = "Bootstrap peers as host:port; empty: the document's bootstrap-node elements, and with none of those "
            + "this peer starts a new overlay")
    String[] bootstrap() default {};

    @AttributeDefinition(description = "Where this peer's key and certificate live (node.key, node.crt); empty: <polycast.home>/reload/<overlay>")
    String certificateDir() default "";

    @AttributeDefinition(description = "self-signed: create a key and a self-signed certificate whose Node-ID is the key's digest; "
            + "ca: use node.key and node.crt issued by a local CA (ham:overlay enrol), trusting the CA's ca.crt")
    String certificateMode() default "self-signed";

    @AttributeDefinition(description = "User name in a new self-signed certificate; empty: node-<id>@<overlay>")
    String user() default "";

    @AttributeDefinition(description = "Seconds between periodic Updates, pings and finger refreshes; 0: the document's chord-update-interval")
    int updateIntervalSeconds() default 0;

    @AttributeDefinition(description = "Seconds to wait after a neighbour change before re-replicating stored data (RFC 6940 §10.6 suggests 30)")
    int replicationHoldoffSeconds() default 30;
}
