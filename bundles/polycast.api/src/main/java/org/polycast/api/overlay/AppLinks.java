package org.polycast.api.overlay;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Direct links between two peers of the overlay for an application's own traffic (RFC 6940 §6.5.2, AppAttach),
 * registered by the overlay peer beside its {@link OverlayService}. The exchange is AppAttach in the No-ICE form the
 * overlay's Attach uses (§6.5.1.11): host candidates only, the TLS handshake as the connectivity check. The node that
 * sent the AppAttach is the TLS server (§6.5.1.13); both ends present their enrolled certificates, each checks the
 * other's against the overlay's trust and against the Node-ID the exchange named, so that what travels on a link is
 * authenticated hop by hop without a signature per message.
 * <p>
 * A link carries frames: each {@link AppLink#send} arrives whole at the other end's {@link AppLink.Listener#received}, in
 * order. Frames are coalesced into TLS records until {@link AppLink#flush}. Flow control is TCP's: a peer that reads
 * slowly fills the sender's buffer ({@link AppLink#writable} turns false) and a receiver can stop reading
 * ({@link AppLink#setReading}).
 */
@ProviderType
public interface AppLinks {
    /** The first Application-ID of the private-use range (RFC 6940 §14.5). */
    int PRIVATE_USE_FIRST = 61441;
    /** The last Application-ID of the private-use range. */
    int PRIVATE_USE_LAST = 65534;
    /** The largest frame a link carries. */
    int MAX_FRAME = 1 << 20;

    /**
     * Sends AppAttach to a peer and waits for it to connect. The token (at most 255 octets, for example which of the
     * application's sessions the link serves) reaches the peer's {@link AppLinkAcceptor}; it travels in the AppAttach's
     * ufrag field, which No-ICE leaves free, and again as the link's first octets, so that the link is matched to its
     * AppAttach.
     *
     * @return completes with the link once the peer's certificate was checked, or fails with an {@link OverlayException}:
     *         Error_Not_Found when the peer serves no such application, Error_Forbidden when it refused, a time-out, or
     *         a link that could not be made
     */
    CompletionStage<AppLink> attach(String nodeId, int applicationId, byte[] token, AppLink.Listener listener);

    /** Serves AppAttach requests for an Application-ID until the registration is closed. One acceptor per Application-ID. */
    AutoCloseable serve(int applicationId, AppLinkAcceptor acceptor);
}
