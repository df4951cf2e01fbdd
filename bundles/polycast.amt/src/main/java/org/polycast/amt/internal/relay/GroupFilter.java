package org.polycast.amt.internal.relay;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.polycast.amt.internal.wire.GroupRecord;

/**
 * The filter state of one group on one tunnel. A tunnel is one gateway, that is one host on the
 * relay's pseudo-interface, so the relay tracks it explicitly (as an IGMPv3/MLDv2 router with
 * explicit host tracking does) instead of running the multi-host timer rules of RFC 3376 section
 * 6.4: the state is exactly what the gateway last reported, and a leave takes effect at once.
 * INCLUDE with a source list is SSM; EXCLUDE (usually of nothing) is ASM.
 */
final class GroupFilter {
    private boolean exclude;
    private final Set<InetAddress> sources = new HashSet<>();
    private long expiresAtMillis;

    /**
     * Applies a record (RFC 3376 section 6.4 as seen from the one reporting host); returns false if the
     * result is INCLUDE of nothing, so the group can go.
     */
    boolean apply(GroupRecord record, long expiresAt, int maxSources) {
        List<InetAddress> a = record.sources();
        switch (record.type()) {
            case MODE_IS_INCLUDE, CHANGE_TO_INCLUDE -> {
                exclude = false;
                replace(a, maxSources);
            }
            case MODE_IS_EXCLUDE, CHANGE_TO_EXCLUDE -> {
                exclude = true;
                replace(a, maxSources);
            }
            case ALLOW_NEW_SOURCES -> {
                if (exclude) {
                    sources.removeAll(a);
                } else {
                    addBounded(a, maxSources);
                }
            }
            case BLOCK_OLD_SOURCES -> {
                if (exclude) {
                    addBounded(a, maxSources);
                } else {
                    sources.removeAll(a);
                }
            }
        }
        expiresAtMillis = expiresAt;
        return exclude || !sources.isEmpty();
    }

    private void replace(List<InetAddress> a, int maxSources) {
        sources.clear();
        addBounded(a, maxSources);
    }

    private void addBounded(List<InetAddress> a, int maxSources) {
        for (InetAddress s : a) {
            if (sources.size() >= maxSources) {
                return;
            }
            sources.add(s);
        }
    }

    boolean exclude() {
        return exclude;
    }

    Set<InetAddress> sources() {
        return Set.copyOf(sources);
    }

    long expiresAtMillis() {
        return expiresAtMillis;
    }

    boolean wants(InetAddress source) {
        return exclude != sources.contains(source);
    }
}
