package org.polycast.core.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Chooses the Interfaces a message goes out on. {@link Mode#ALL} follows RFC 7046 (send on
 * every Interface of the socket that can carry the name; receivers suppress the duplicates).
 * {@link Mode#BEST} sends on one Interface: the best mapping (canonical, then one assigned by a
 * mapping service, then a derived one), then the preferred technology, then the higher
 * {@code service.ranking}, then the lower index. Joins always go to every Interface, so that
 * a receiver hears whichever Interface a sender picks.
 */
final class SelectionPolicy {
    enum Mode {
        ALL, BEST;

        static Mode parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("selection must be 'all' or 'best', was '" + text + "'");
            }
        }
    }

    /** An Interface with the mapping it would send with. */
    record Target(ManagedInterface iface, Mapping mapping) {
    }

    private SelectionPolicy() {
    }

    static List<Target> select(Mode mode, List<String> preference, List<Target> candidates) {
        if (mode == Mode.ALL || candidates.size() <= 1) {
            return candidates;
        }
        Comparator<Target> order = Comparator.<Target>comparingInt(t -> t.mapping().rank())
                .thenComparingInt(t -> preferenceIndex(preference, t.iface().technology()))
                .thenComparing(Comparator.<Target>comparingInt(t -> t.iface().ranking()).reversed())
                .thenComparingInt(t -> t.iface().index());
        List<Target> sorted = new ArrayList<>(candidates);
        sorted.sort(order);
        return List.of(sorted.get(0));
    }

    private static int preferenceIndex(List<String> preference, String technology) {
        int i = preference.indexOf(technology);
        return i < 0 ? preference.size() : i;
    }
}
