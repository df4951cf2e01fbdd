package org.polycast.mapping.dht.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** The {@code ham:dht} Gogo command: the DHT mapping's ranges, state, allocations held by this runtime, and counters. */
@Component(service = MappingCommands.class, property = {"osgi.command.scope=ham", "osgi.command.function=dht"})
public class MappingCommands {
    private volatile DhtMappingComponent component;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setComponent(DhtMappingComponent c) {
        component = c;
    }

    void unsetComponent(DhtMappingComponent c) {
        if (component == c) {
            component = null;
        }
    }

    /** ham:dht [--help]: what the DHT mapping holds. */
    public void dht(String... args) {
        if (args.length > 0) {
            if (!args[0].equals("--help") && !args[0].equals("-h")) {
                throw new IllegalArgumentException("ham:dht: unknown argument '" + args[0] + "' (ham:dht --help)");
            }
            System.out.println("ham:dht\n  The DHT mapping service: whether its overlay is joined, its ranges and lease, the names this runtime\n"
                    + "  allocated with their addresses (and how many candidates were taken), and its counters.\n"
                    + "  Configure with conf/org.polycast.mapping.dht.cfg (ipv4Range, ipv4SsmRange, ipv6Range, ports, leaseSeconds).\n"
                    + "  Example: ham:overlay start 198.18.0.1:6084; ham:map ham:sip:news@example.org; ham:dht");
            return;
        }
        DhtMappingComponent c = component;
        DhtMapper m = c == null ? null : c.mapper();
        if (m == null) {
            System.out.println("DHT mapping is not active");
            return;
        }
        System.out.println("DHT mapping: " + (m.ready() ? "overlay joined" : "no joined overlay: the core uses the technologies' local rules"));
        System.out.println("ranges: " + m.ranges());
        System.out.printf("%-40s %-18s %-24s %s%n", "NAME", "RANGE", "ADDRESS", "PROBE");
        m.allocations().stream().sorted(java.util.Comparator.comparing(DhtMapper.Allocation::name)).forEach(a -> System.out.printf(
                "%-40s %-18s %-24s %d%n", a.name(), a.range().text(), a.address().getHostAddress(), a.probe()));
        System.out.println("counters: " + m.counters());
    }
}
