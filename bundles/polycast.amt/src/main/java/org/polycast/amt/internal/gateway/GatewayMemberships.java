package org.polycast.amt.internal.gateway;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.polycast.amt.internal.wire.GroupRecord;
import org.polycast.amt.internal.wire.RecordType;

/**
 * The host side of IGMPv3/MLDv2 on the gateway's pseudo-interface (RFC 3376 section 5, RFC 3810
 * section 6): the subscriptions of the sockets, by group, source (null for any-source) and UDP
 * port, and the reports they produce. Per group the interface state is EXCLUDE({}) if any
 * subscription is any-source, otherwise INCLUDE(the subscribed sources). Ports matter only to the
 * receive side: reports name groups and sources.
 */
final class GatewayMemberships {
    private record Key(InetAddress group, InetAddress source) {
    }

    /** A group's interface state: any-source (EXCLUDE {}) or the included sources. */
    private record Filter(boolean anySource, Set<InetAddress> sources) {
        static final Filter NONE = new Filter(false, Set.of());

        boolean empty() {
            return !anySource && sources.isEmpty();
        }
    }

    private final Map<Key, Set<Integer>> ports = new HashMap<>();

    /** Adds a subscription; returns the state-change records it causes (none if the group's state is unchanged). */
    List<GroupRecord> join(InetAddress group, InetAddress source, int port) {
        Filter before = filter(group);
        ports.computeIfAbsent(new Key(group, source), k -> new HashSet<>()).add(port);
        return change(group, before, filter(group));
    }

    List<GroupRecord> leave(InetAddress group, InetAddress source, int port) {
        Filter before = filter(group);
        Key key = new Key(group, source);
        Set<Integer> p = ports.get(key);
        if (p != null && p.remove(port) && p.isEmpty()) {
            ports.remove(key);
        }
        return change(group, before, filter(group));
    }

    /** Whether a datagram from {@code source} to {@code group}:{@code port} is wanted by a source-specific (or else any-source) subscription. */
    boolean wants(InetAddress group, InetAddress source, int port) {
        Set<Integer> p = ports.get(new Key(group, source));
        return p != null && p.contains(port);
    }

    /** Current-state records (MODE_IS_INCLUDE / MODE_IS_EXCLUDE) of every group of one family, as a Query's answer. */
    List<GroupRecord> currentState(boolean ipv4) {
        List<GroupRecord> records = new ArrayList<>();
        for (InetAddress g : groups()) {
            if ((g instanceof Inet4Address) == ipv4) {
                Filter f = filter(g);
                records.add(f.anySource() ? new GroupRecord(RecordType.MODE_IS_EXCLUDE, g, List.of())
                        : new GroupRecord(RecordType.MODE_IS_INCLUDE, g, List.copyOf(f.sources())));
            }
        }
        return records;
    }

    boolean any(boolean ipv4) {
        return ports.keySet().stream().anyMatch(k -> (k.group() instanceof Inet4Address) == ipv4);
    }

    boolean isEmpty() {
        return ports.isEmpty();
    }

    /** The subscriptions as text, for the shell. */
    List<String> describe() {
        List<String> out = new ArrayList<>();
        ports.forEach((k, p) -> out.add("(" + (k.source() == null ? "*" : k.source().getHostAddress()) + ", " + k.group().getHostAddress()
                + ") ports " + p.stream().sorted().toList()));
        out.sort(null);
        return out;
    }

    private Set<InetAddress> groups() {
        Set<InetAddress> groups = new LinkedHashSet<>();
        ports.keySet().forEach(k -> groups.add(k.group()));
        return groups;
    }

    private Filter filter(InetAddress group) {
        boolean any = false;
        Set<InetAddress> sources = new LinkedHashSet<>();
        for (Key k : ports.keySet()) {
            if (k.group().equals(group)) {
                if (k.source() == null) {
                    any = true;
                } else {
                    sources.add(k.source());
                }
            }
        }
        return any ? new Filter(true, Set.of()) : sources.isEmpty() ? Filter.NONE : new Filter(false, sources);
    }

    /** RFC 3376 section 5.1, for a host that reports every change at once. */
    private static List<GroupRecord> change(InetAddress group, Filter before, Filter after) {
        if (before.equals(after)) {
            return List.of();
        }
        if (after.anySource()) {
            return List.of(new GroupRecord(RecordType.CHANGE_TO_EXCLUDE, group, List.of()));
        }
        if (before.anySource()) {
            return List.of(new GroupRecord(RecordType.CHANGE_TO_INCLUDE, group, List.copyOf(after.sources())));
        }
        List<GroupRecord> records = new ArrayList<>(2);
        List<InetAddress> added = after.sources().stream().filter(s -> !before.sources().contains(s)).toList();
        List<InetAddress> removed = before.sources().stream().filter(s -> !after.sources().contains(s)).toList();
        if (!added.isEmpty()) {
            records.add(new GroupRecord(RecordType.ALLOW_NEW_SOURCES, group, added));
        }
        if (!removed.isEmpty()) {
            records.add(new GroupRecord(RecordType.BLOCK_OLD_SOURCES, group, removed));
        }
        return records;
    }
}
