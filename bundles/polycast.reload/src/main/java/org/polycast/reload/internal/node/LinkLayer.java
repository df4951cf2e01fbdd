package org.polycast.reload.internal.node;

import java.net.InetSocketAddress;
import java.util.List;

import org.polycast.reload.internal.message.IpAddressPort;
import org.polycast.reload.internal.wire.NodeId;

/** Makes links: TLS over TCP for real overlays, in-memory pipes for the simulation. Events come back through {@link LinkEvents}. */
public interface LinkLayer {
    /** The addresses this node accepts links on, offered as host candidates in Attach. */
    List<IpAddressPort> candidates();

    /** Connects (as TLS client) to {@code address}; {@code expected} is the peer's Node-ID, or null when bootstrapping. */
    void connect(InetSocketAddress address, NodeId expected);

    /** Receives what the link layer sees; called on the node's thread. */
    interface LinkEvents {
        void linkUp(Link link);

        void linkDown(Link link, String reason);

        void received(Link link, byte[] message);

        void connectFailed(InetSocketAddress address, NodeId expected, String reason);
    }
}
