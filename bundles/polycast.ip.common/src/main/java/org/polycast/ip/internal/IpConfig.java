package org.polycast.ip.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** ConfigAdmin settings of an IP technology (PIDs {@code org.polycast.ipv4} and {@code org.polycast.ipv6}); changes re-create the Interfaces. */
@ObjectClassDefinition(name = "Polycast IP multicast", description = "Native IPv4 or IPv6 multicast technology")
public @interface IpConfig {
    @AttributeDefinition(description = "Network interfaces to use (names, comma-separated); empty for every multicast-capable one")
    String[] interfaces() default {};

    @AttributeDefinition(description = "Network interfaces never to use")
    String[] excludeInterfaces() default {};

    @AttributeDefinition(description = "Use the loopback device too (IPv4 only; Linux has no IPv6 multicast on loopback)")
    boolean includeLoopback() default false;

    @AttributeDefinition(description = "Hop limit when the application sets none")
    int defaultTtl() default 1;

    @AttributeDefinition(description = "Deliver own multicast to other sockets of this host (IP_MULTICAST_LOOP)")
    boolean multicastLoop() default true;

    @AttributeDefinition(description = "Range for addresses derived from non-IP names; empty for 239.192.0.0/14 (IPv4) or ff15::/96 (IPv6)")
    String derivedRange() default "";

    @AttributeDefinition(description = "Port range for derived addresses of names without a port, MIN-MAX")
    String derivedPorts() default "20000-29999";

    @AttributeDefinition(description = "Port for ham:ip: names without a port")
    int defaultPort() default 5000;

    @AttributeDefinition(description = "SO_RCVBUF for receiving channels, in bytes (the kernel caps it at net.core.rmem_max)")
    int receiveBufferBytes() default 4 * 1024 * 1024;

    @AttributeDefinition(description = "Seconds between scans for network interfaces that came or went")
    int rescanSeconds() default 5;

    @AttributeDefinition(description = "Netty transport: auto (epoll where available), epoll or nio")
    String transport() default "auto";

    @AttributeDefinition(description = "Let the host's IP layer fragment messages larger than the MTU, as plain UDP programs do, instead of "
            + "the core: a message of up to 65,507 bytes (IPv4) or 65,527 (IPv6) leaves as one UDP datagram, so plain receivers get it "
            + "whole and one system call sends it; the fragments are IP fragments, which some networks drop")
    boolean ipFragmentation() default false;
}
