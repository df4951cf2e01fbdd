package org.polycast.amt.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.polycast.api.runtime.StatusProvider;

/** The AMT relay's tunnels and each gateway's state, for operators' displays (what {@code ham:amt} prints). */
@Component(property = StatusProvider.SECTION + "=AMT")
public class AmtStatusSection implements StatusProvider {
    private final List<AmtStatus> sources = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSource(AmtStatus s) {
        sources.add(s);
    }

    void removeSource(AmtStatus s) {
        sources.remove(s);
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> out = new LinkedHashMap<>();
        if (sources.isEmpty()) {
            out.put("state", "no AMT relay or gateway configured (PIDs org.polycast.amt.relay and org.polycast.amt.gateway)");
        }
        for (AmtStatus s : sources) {
            out.put(s.title(), Map.of("state", s.describe(), "counters", s.counters()));
        }
        return out;
    }
}
