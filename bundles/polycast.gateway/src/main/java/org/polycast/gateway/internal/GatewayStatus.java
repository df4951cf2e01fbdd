package org.polycast.gateway.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.polycast.api.runtime.StatusProvider;

/** The gateway's routes for operators' displays (what {@code ham:gateway} prints). */
@Component(property = StatusProvider.SECTION + "=Gateway")
public class GatewayStatus implements StatusProvider {
    private final List<GatewayRoute> routes = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRoute(GatewayRoute r) {
        routes.add(r);
    }

    void removeRoute(GatewayRoute r) {
        routes.remove(r);
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> out = new LinkedHashMap<>();
        if (routes.isEmpty()) {
            out.put("state", "no routes (conf/org.polycast.gateway-NAME.cfg)");
        }
        for (GatewayRoute route : routes) {
            Bridge b = route.bridge();
            if (b == null) {
                continue;
            }
            List<Map<String, Object>> groups = new ArrayList<>();
            for (Bridge.Route r : b.routes()) {
                groups.add(Map.of("group", r.pair().toString(), "state", b.election.state(r.electionKey()).name().toLowerCase(java.util.Locale.ROOT),
                        "from", r.configured() ? "configuration" : "events"));
            }
            Map<String, Object> section = new LinkedHashMap<>();
            section.put("side A", b.a.selector.text() + " (" + b.a.domain + ") interfaces " + b.a.interfaces());
            section.put("side B", b.b.selector.text() + " (" + b.b.domain + ") interfaces " + b.b.interfaces());
            section.put("direction", b.direction.name().toLowerCase(java.util.Locale.ROOT));
            section.put("groups", groups);
            section.put("counters", b.counters());
            out.put("route " + b.name, section);
        }
        return out;
    }
}
