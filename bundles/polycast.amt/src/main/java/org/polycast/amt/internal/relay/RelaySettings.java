package org.polycast.amt.internal.relay;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.polycast.amt.internal.wire.GeneralQuery;

/** The relay's settings, checked; see {@link RelayConfig} for what each means. */
record RelaySettings(List<InetAddress> listenAddresses, int port, Set<Integer> dataPorts, List<InetAddress> advertisedAddresses,
        GeneralQuery query, int secretRotationSeconds, int maxTunnels, int maxGroupsPerTunnel, int maxSourcesPerGroup,
        Set<String> upstreamInterfaces, boolean queryCarriesGatewayAddress, int answersPerSecondPerSource, int answersPerSecond) {

    /** Most data ports: each subscribed group binds one socket per port. */
    static final int MAX_DATA_PORTS = 64;

    RelaySettings {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1 to 65535, was " + port);
        }
        if (dataPorts.isEmpty() || dataPorts.size() > MAX_DATA_PORTS) {
            throw new IllegalArgumentException("dataPorts must name 1 to " + MAX_DATA_PORTS + " ports, named " + dataPorts.size());
        }
        if (answersPerSecondPerSource < 1 || answersPerSecond < 1) {
            throw new IllegalArgumentException("answersPerSecondPerSource and answersPerSecond must be at least 1, were " + answersPerSecondPerSource
                    + " and " + answersPerSecond);
        }
        if (secretRotationSeconds < 1 || maxTunnels < 1 || maxGroupsPerTunnel < 1 || maxSourcesPerGroup < 1) {
            throw new IllegalArgumentException("secretRotationSeconds, maxTunnels, maxGroupsPerTunnel and maxSourcesPerGroup must be at least 1");
        }
    }

    static RelaySettings from(RelayConfig c) {
        return new RelaySettings(addresses(Arrays.asList(c.listenAddresses()), "listenAddresses"), c.port(), ports(c.dataPorts()),
                addresses(List.of(c.advertisedAddresses().split(",")), "advertisedAddresses"),
                new GeneralQuery(c.robustness(), c.queryIntervalSeconds(), c.queryResponseMillis()), c.secretRotationSeconds(),
                c.maxTunnels(), c.maxGroupsPerTunnel(), c.maxSourcesPerGroup(),
                Arrays.stream(c.upstreamInterfaces()).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet()),
                c.queryCarriesGatewayAddress(), c.answersPerSecondPerSource(), c.answersPerSecond());
    }

    /** Group membership interval (RFC 3376 section 8.4): how long a reported membership lasts without refresh. */
    long membershipMillis() {
        return (long) query.robustness() * query.queryIntervalSeconds() * 1000 + query.maxResponseMillis();
    }

    /** "5000", "5000-5003,6000": the ports, checked. */
    static Set<Integer> ports(String text) {
        Set<Integer> ports = new TreeSet<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            try {
                int dash = p.indexOf('-');
                int from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash).trim());
                int to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1).trim());
                if (from < 1 || to > 65535 || from > to || to - from >= MAX_DATA_PORTS) {
                    throw new IllegalArgumentException("dataPorts: '" + p + "' is not a port or a range of at most " + MAX_DATA_PORTS + " ports");
                }
                for (int i = from; i <= to; i++) {
                    ports.add(i);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("dataPorts: '" + p + "' is not a port or range");
            }
        }
        return Set.copyOf(ports);
    }

    private static List<InetAddress> addresses(List<String> texts, String what) {
        List<InetAddress> out = new ArrayList<>();
        for (String t : texts) {
            String s = t.trim();
            if (s.isEmpty()) {
                continue;
            }
            if (!s.matches("[0-9a-fA-F:.\\[\\]]+")) {
                throw new IllegalArgumentException(what + ": '" + s + "' is not an IP address literal");
            }
            try {
                out.add(InetAddress.getByName(s));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(what + ": '" + s + "' is not an IP address literal");
            }
        }
        return List.copyOf(out);
    }
}
