package org.polycast.core.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

import org.polycast.api.HamUri;
import org.polycast.api.runtime.dto.GroupDTO;

/** One Group Name in use on one Interface: its mapping, the sockets using it, its counters. */
final class GroupState {
    private static final int MAX_SOURCES = 1024;

    final HamUri name;
    final Mapping mapping;
    final Set<SocketImpl> listeners = new CopyOnWriteArraySet<>();
    final Set<SocketImpl> senders = new CopyOnWriteArraySet<>();
    final Counters counters = new Counters();
    private final Set<String> sources = ConcurrentHashMap.newKeySet();

    GroupState(HamUri name, Mapping mapping) {
        this.name = name;
        this.mapping = mapping;
    }

    /** True the first time a source is seen (bounded, so a flood of spoofed sources cannot exhaust memory). */
    boolean firstSeen(String source) {
        // contains() first: add() locks a hash bin even when the key is there, and this runs per datagram.
        return source != null && !sources.contains(source) && sources.size() < MAX_SOURCES && sources.add(source);
    }

    boolean unused() {
        return listeners.isEmpty() && senders.isEmpty();
    }

    GroupDTO toDTO() {
        GroupDTO d = new GroupDTO();
        d.name = name.toString();
        d.address = mapping.address().toString();
        d.mappingSource = mapping.source() + (mapping.mapper() != null ? ":" + mapping.mapper() : "");
        d.listeners = listeners.size();
        d.senders = senders.size();
        d.counters = counters.toDTO();
        return d;
    }
}
