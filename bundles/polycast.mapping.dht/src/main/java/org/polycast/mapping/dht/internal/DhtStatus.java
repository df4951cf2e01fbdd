package org.polycast.mapping.dht.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.polycast.api.runtime.StatusProvider;

/** The DHT mapping for operators' displays (what {@code ham:dht} prints). */
@Component(property = StatusProvider.SECTION + "=DHT mapping")
public class DhtStatus implements StatusProvider {
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

    @Override
    public Map<String, Object> status() {
        DhtMappingComponent c = component;
        DhtMapper m = c == null ? null : c.mapper();
        Map<String, Object> out = new LinkedHashMap<>();
        if (m == null) {
            out.put("state", "not active");
            return out;
        }
        out.put("state", m.ready() ? "overlay joined" : "no joined overlay: the technologies' local rules apply");
        out.put("ranges", m.ranges());
        List<Map<String, Object>> rows = m.allocations().stream().sorted(java.util.Comparator.comparing(DhtMapper.Allocation::name))
                .limit(500).map(a -> Map.<String, Object>of("name", a.name(), "range", a.range().text(), "address", a.address().getHostAddress(),
                        "probe", a.probe())).toList();
        out.put("allocations", rows);
        out.put("counters", m.counters());
        return out;
    }
}
