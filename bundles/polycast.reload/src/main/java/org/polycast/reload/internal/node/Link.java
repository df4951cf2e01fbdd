package org.polycast.reload.internal.node;

import java.net.InetSocketAddress;

import org.polycast.reload.internal.wire.NodeId;

/** A RELOAD link to one authenticated peer (its Node-ID comes from its TLS certificate). */
public interface Link {
    NodeId peer();

    InetSocketAddress remoteAddress();

    /** Sends one encoded message; never blocks. */
    void send(byte[] message);

    void close();
}
