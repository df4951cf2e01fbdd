package org.polycast.reload.internal.node;

import java.util.List;

import org.polycast.reload.internal.security.Identity;
import org.polycast.reload.internal.wire.Destination;
import org.polycast.reload.internal.wire.ReloadMessage;

/**
 * A message delivered to this node with its verified signer, the link it came over (null when this
 * node sent it to itself), and the route back: the Via List with the previous hop appended.
 */
public record Incoming(ReloadMessage message, Link from, Identity signer, List<Destination> routeBack) {
    public int code() {
        return message.code();
    }

    public byte[] body() {
        return message.contents().body();
    }

    /** Whether it came straight from its signer over a direct link (Join and Leave must, §6.4.2). */
    public boolean direct() {
        return from != null && message.via().isEmpty() && from.peer().equals(signer.nodeId());
    }
}
