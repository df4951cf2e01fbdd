package org.polycast.ip.internal;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** The settings of one IP technology, checked. */
public record IpSettings(Set<String> include, Set<String> exclude, boolean includeLoopback, int defaultTtl, boolean multicastLoop,
        MulticastRange derivedRange, int portMin, int portMax, int defaultPort, int receiveBufferBytes, int rescanSeconds, String transport,
        boolean ipFragmentation) {

    public IpSettings {
        if (defaultTtl < 0 || defaultTtl > 255) {
            throw new IllegalArgumentException("defaultTtl must be 0 to 255, was " + defaultTtl);
        }
        if (portMin < 1 || portMax > 65535 || portMin > portMax) {
            throw new IllegalArgumentException("port range " + portMin + "-" + portMax + " must lie within 1-65535");
        }
        if (defaultPort < 1 || defaultPort > 65535) {
            throw new IllegalArgumentException("defaultPort must be 1 to 65535, was " + defaultPort);
        }
        if (rescanSeconds < 1) {
            throw new IllegalArgumentException("rescanSeconds must be at least 1");
        }
        if (!Set.of("auto", "epoll", "nio").contains(transport)) {
            throw new IllegalArgumentException("transport must be auto, epoll or nio, was '" + transport + "'");
        }
    }

    public static IpSettings from(IpConfig c, IpFamily family) {
        String range = c.derivedRange().isBlank() ? family.defaultDerivedRange() : c.derivedRange();
        String[] ports = c.derivedPorts().split("-");
        if (ports.length != 2) {
            throw new IllegalArgumentException("derivedPorts must be MIN-MAX, was '" + c.derivedPorts() + "'");
        }
        return new IpSettings(names(c.interfaces()), names(c.excludeInterfaces()), c.includeLoopback(), c.defaultTtl(), c.multicastLoop(),
                MulticastRange.parse(range, family), Integer.parseInt(ports[0].trim()), Integer.parseInt(ports[1].trim()), c.defaultPort(),
                c.receiveBufferBytes(), c.rescanSeconds(), c.transport().trim().toLowerCase(java.util.Locale.ROOT), c.ipFragmentation());
    }

    private static Set<String> names(String[] values) {
        return Arrays.stream(values).flatMap(v -> Arrays.stream(v.split(","))).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
