package org.polycast.amt.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The {@code ham:amt} Gogo command: the relay's tunnels and upstream joins, each gateway's state
 * and subscriptions, and their counters. Registered with the command properties only, so the
 * bundle does not depend on Gogo.
 */
@Component(service = AmtCommands.class, property = {"osgi.command.scope=ham", "osgi.command.function=amt"})
public class AmtCommands {
    private final List<AmtStatus> sources = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSource(AmtStatus s) {
        sources.add(s);
    }

    void removeSource(AmtStatus s) {
        sources.remove(s);
    }

    /** ham:amt: every AMT relay and gateway of this runtime. Printed, not returned, so that scripts show it wherever it stands. */
    public void amt() {
        System.out.println(status());
    }

    private String status() {
        if (sources.isEmpty()) {
            return "no AMT relay or gateway configured (PIDs org.polycast.amt.relay and org.polycast.amt.gateway)";
        }
        StringBuilder out = new StringBuilder();
        for (AmtStatus s : sources) {
            out.append("AMT ").append(s.title()).append('\n');
            for (String line : s.describe()) {
                out.append("  ").append(line).append('\n');
            }
            StringBuilder counters = new StringBuilder("  counters:");
            for (Map.Entry<String, Long> e : s.counters().entrySet()) {
                counters.append(' ').append(e.getKey()).append('=').append(e.getValue());
            }
            out.append(counters).append('\n');
        }
        return out.toString().stripTrailing();
    }

    /** ham:amt --help */
    public void amt(String option) {
        if (!"--help".equals(option) && !"-h".equals(option)) {
            throw new IllegalArgumentException("ham:amt: unknown option '" + option + "'\n" + help());
        }
        System.out.println(help());
    }

    private static String help() {
        return "ham:amt - AMT (RFC 7450) relay and gateways of this runtime: relay tunnels (gateway endpoint, groups and sources),\n"
                + "upstream joins, gateway state (discovering, requesting, active), relay in use, subscriptions, and counters\n"
                + "(rejected-bad-mac, rejected-replayed-nonce, malformed, data-in/out ...).\n"
                + "Configure a relay with conf/org.polycast.amt.relay.cfg and gateways with conf/org.polycast.amt.gateway-NAME.cfg.\n"
                + "Example: with conf/org.polycast.amt.gateway-amt0.config holding name=\"amt0\" and relays=[\"198.18.1.1\"],\n"
                + "  ham:join 'ham:ip:232.1.1.1@198.18.0.1:5000'; ham:amt";
    }
}
