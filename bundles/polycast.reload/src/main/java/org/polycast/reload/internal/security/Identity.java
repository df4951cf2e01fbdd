package org.polycast.reload.internal.security;

import org.polycast.reload.internal.wire.NodeId;

/** Who a verified certificate names: its Node-ID(s) (the first is used) and its user name (rfc822Name), if any. */
public record Identity(NodeId nodeId, String userName) {
}
