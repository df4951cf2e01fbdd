package org.polycast.amt.internal.wire;

import java.net.InetAddress;
import java.util.List;

/** One group record of a membership report; IGMPv1/v2 and MLDv1 messages are read as the equivalent record. */
public record GroupRecord(RecordType type, InetAddress group, List<InetAddress> sources) {
    public GroupRecord {
        sources = List.copyOf(sources);
    }
}
