package org.polycast.gateway.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** The {@code ham:gateway} Gogo command: routes, their sides and Interfaces, bridged groups with election state, counters. */
@Component(service = GatewayCommands.class, property = {"osgi.command.scope=ham", "osgi.command.function=gateway"})
public class GatewayCommands {
    private final List<GatewayRoute> routes = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRoute(GatewayRoute r) {
        routes.add(r);
    }

    void removeRoute(GatewayRoute r) {
        routes.remove(r);
    }

    /** ham:gateway [--help]: every route with its groups, who forwards them, and its counters. */
    public void gateway(String... args) {
        if (args.length > 0) {
            if (!args[0].equals("--help") && !args[0].equals("-h")) {
                throw new IllegalArgumentException("ham:gateway: unknown argument '" + args[0] + "' (ham:gateway --help)");
            }
            System.out.println("ham:gateway\n  Every gateway route: its two sides (selector, domain, Interfaces), each bridged group and its state\n"
                    + "  (designated: this gateway forwards; standby: another one does; waiting: no joined overlay for the election;\n"
                    + "  off: no election), and counters (forwarded per direction, echoes dropped, standby drops, send failures).\n"
                    + "  Routes are factory configurations conf/org.polycast.gateway-NAME.cfg (see the README).\n"
                    + "  Example: conf/org.polycast.gateway-site.cfg with sideA=ip, sideB=alm and groups=ham:opaque:news, then ham:gateway");
            return;
        }
        if (routes.isEmpty()) {
            System.out.println("no gateway routes: add conf/org.polycast.gateway-NAME.cfg with sideA, sideB and groups (see the README)");
            return;
        }
        for (GatewayRoute route : routes) {
            Bridge b = route.bridge();
            if (b == null) {
                continue;
            }
            System.out.println("route " + b.name + " (" + b.direction.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ", "
                    + (b.eventDriven ? "event-driven" : "static") + ")");
            System.out.println("  side A " + b.a.selector.text() + " domain " + b.a.domain + " interfaces " + b.a.interfaces());
            System.out.println("  side B " + b.b.selector.text() + " domain " + b.b.domain + " interfaces " + b.b.interfaces());
            for (Bridge.Route r : b.routes()) {
                System.out.println("  group " + r.pair() + " " + b.election.state(r.electionKey()).name().toLowerCase(java.util.Locale.ROOT)
                        + (r.configured() ? "" : " (from events)"));
            }
            System.out.println("  counters " + b.counters());
        }
    }
}
