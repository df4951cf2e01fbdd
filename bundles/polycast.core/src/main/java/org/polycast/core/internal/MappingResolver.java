package org.polycast.core.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.polycast.api.HamUri;
import org.polycast.api.spi.NameMapper;

/**
 * Resolves a Group Name to a Group Address on an Interface: mapping services first (highest
 * ranking first; a mapper that fails or hangs is skipped and reported), then the technology's
 * own rule. Every call is guarded.
 */
final class MappingResolver {
    private record Entry(NameMapper mapper, String name, Set<String> technologies, int ranking, Guard guard) {
        boolean serves(String technology) {
            return technologies.isEmpty() || technologies.contains("*") || technologies.contains(technology);
        }
    }

    private final FailureLog failures;
    private final Runnable onChange;
    private volatile List<Entry> mappers = List.of();
    private volatile long timeoutMillis;

    MappingResolver(FailureLog failures, long timeoutMillis, Runnable onChange) {
        this.failures = failures;
        this.timeoutMillis = timeoutMillis;
        this.onChange = onChange;
    }

    void setTimeout(long millis) {
        this.timeoutMillis = millis;
    }

    synchronized void add(NameMapper mapper, String name, Set<String> technologies, int ranking) {
        List<Entry> next = new ArrayList<>(mappers);
        next.add(new Entry(mapper, name, technologies, ranking, new Guard("polycast-mapper-" + name, 1024)));
        next.sort(Comparator.comparingInt(Entry::ranking).reversed());
        mappers = List.copyOf(next);
        onChange.run();
    }

    synchronized void remove(NameMapper mapper) {
        List<Entry> next = new ArrayList<>(mappers);
        next.removeIf(e -> {
            if (e.mapper() == mapper) {
                e.guard().close();
                return true;
            }
            return false;
        });
        mappers = List.copyOf(next);
        onChange.run();
    }

    /** The mapping on the Interface, or empty if neither a mapper nor the technology can carry the name. */
    Optional<Mapping> resolve(HamUri name, ManagedInterface iface) {
        for (Entry e : mappers) {
            if (!e.serves(iface.technology())) {
                continue;
            }
            try {
                Optional<HamUri> address = e.guard().call("map " + name, () -> e.mapper().map(name, iface.properties()), timeoutMillis);
                if (address != null && address.isPresent()) {
                    return Optional.of(Mapping.of(name, address.get(), e.name()));
                }
            } catch (Guard.CallFailedException ex) {
                failures.record(iface.index(), iface.technology(), "mapper " + e.name() + ": map " + name, ex.getMessage());
            }
        }
        return iface.defaultMapping(name).map(address -> Mapping.of(name, address, null));
    }

    /** The Group Name a mapping service gave an address on the Interface, if one did (guarded like {@link #resolve}). */
    Optional<HamUri> unmap(HamUri address, ManagedInterface iface) {
        for (Entry e : mappers) {
            if (!e.serves(iface.technology())) {
                continue;
            }
            try {
                Optional<HamUri> name = e.guard().call("unmap " + address, () -> e.mapper().unmap(address, iface.properties()), timeoutMillis);
                if (name != null && name.isPresent()) {
                    return name;
                }
            } catch (Guard.CallFailedException ex) {
                failures.record(iface.index(), iface.technology(), "mapper " + e.name() + ": unmap " + address, ex.getMessage());
            }
        }
        return Optional.empty();
    }

    /** Names of the mapping services that serve a technology. */
    List<String> mapperNames(String technology) {
        return mappers.stream().filter(e -> e.serves(technology)).map(Entry::name).toList();
    }

    /** A mapping service changed its service properties: its earlier answers may be stale. */
    void changed() {
        onChange.run();
    }

    void close() {
        for (Entry e : mappers) {
            e.guard().close();
        }
        mappers = List.of();
    }
}
