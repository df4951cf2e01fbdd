package org.polycast.reload.internal.applink;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletionStage;

import org.polycast.api.overlay.AppLink;
import org.polycast.reload.internal.message.IpAddressPort;
import org.polycast.reload.internal.wire.NodeId;

/**
 * What AppAttach runs over: TLS connections for real peers ({@link TlsAppLinkTransport}), in-memory pipes in the
 * simulation. The side that sent the AppAttach accepts; the other connects and names the AppAttach by its token, the first
 * octets on the link ({@link AppLinkPreamble}).
 */
public interface AppLinkTransport {
    /** The addresses this peer accepts application links on, offered as host candidates. */
    List<IpAddressPort> candidates();

    /**
     * Connects to a candidate; the peer must present {@code expected}'s certificate. Completes with the link once the token
     * is written, or fails with the reason.
     */
    CompletionStage<AppLink> connect(InetSocketAddress address, NodeId expected, int application, byte[] token, AppLink.Listener listener);

    /** Where links that connect to this peer go once their certificate and token are known. */
    void accept(Inbound inbound);

    void close();

    /** The AppAttach side of inbound links. */
    interface Inbound {
        /** The claim of an authenticated peer's link with a token, or null to refuse it (the link is closed, counted). */
        Claim claim(NodeId peer, byte[] token);
    }

    /** An inbound link matched to its AppAttach: its listener, and whom to tell once it is up. */
    record Claim(int application, AppLink.Listener listener, java.util.function.Consumer<AppLink> up) {
    }
}
