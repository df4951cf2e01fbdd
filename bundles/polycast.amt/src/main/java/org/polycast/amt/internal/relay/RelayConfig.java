package org.polycast.amt.internal.relay;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Polycast AMT relay", description = "Runs an AMT relay (RFC 7450): gateways without native multicast "
        + "receive the groups this host joins natively. Only runs when configured.")
public @interface RelayConfig {
    @AttributeDefinition(description = "Local addresses to listen on (unicast, and anycast such as 192.52.193.1); empty: every address of the host, rescanned")
    String[] listenAddresses() default {};

    @AttributeDefinition(description = "UDP port (IANA: 2268)")
    int port() default 2268;

    @AttributeDefinition(description = "UDP ports joined upstream for each group a gateway subscribes to, as a list of ports and ranges "
            + "(IGMP and MLD name groups, not ports, and a relay without raw sockets receives only the ports it binds)")
    String dataPorts() default "5000";

    @AttributeDefinition(description = "Address advertised to gateways (one IPv4 and/or one IPv6, comma-separated); empty: the local address that routes to the gateway")
    String advertisedAddresses() default "";

    @AttributeDefinition(description = "Query interval in seconds, sent as QQIC: gateways refresh their tunnel this often")
    int queryIntervalSeconds() default 125;

    @AttributeDefinition(description = "Robustness variable (QRV), 1 to 7")
    int robustness() default 2;

    @AttributeDefinition(description = "Query response interval in milliseconds (Max Resp Code)")
    int queryResponseMillis() default 10000;

    @AttributeDefinition(description = "Seconds between rotations of the Response MAC secret")
    int secretRotationSeconds() default 60;

    @AttributeDefinition(description = "Most tunnels (gateway endpoints); beyond it Queries carry the L flag and new gateways are refused")
    int maxTunnels() default 1000;

    @AttributeDefinition(description = "Most groups per tunnel")
    int maxGroupsPerTunnel() default 64;

    @AttributeDefinition(description = "Most sources per group of a tunnel")
    int maxSourcesPerGroup() default 64;

    @AttributeDefinition(description = "Write the gateway's address and port into Membership Queries (the G flag, RFC 7450 section 5.1.4). "
            + "Off by default, as amtrelayd and the Linux relay do: the Linux kernel gateway drops every Query with that flag set")
    boolean queryCarriesGatewayAddress() default false;

    @AttributeDefinition(description = "Answers (Advertisements, Queries) a second to one source address, with bursts of twice that: "
            + "beyond it Discoveries and Requests go unanswered (counted), so that the relay cannot reflect a flood toward a forged address")
    int answersPerSecondPerSource() default 20;

    @AttributeDefinition(description = "Answers a second to all sources together, with bursts of twice that")
    int answersPerSecond() default 5000;

    @AttributeDefinition(description = "Names of the Polycast ip Interfaces to join upstream on; empty: every ip Interface")
    String[] upstreamInterfaces() default {};
}
