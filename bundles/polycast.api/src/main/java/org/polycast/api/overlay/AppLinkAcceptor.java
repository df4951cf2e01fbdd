package org.polycast.api.overlay;

import org.osgi.annotation.versioning.ConsumerType;

/** Decides on the AppAttach requests of one Application-ID ({@link AppLinks#serve}). */
@ConsumerType
public interface AppLinkAcceptor {
    /**
     * An AppAttach from a peer (the request's signer, verified): return the listener for the link, or null to refuse it
     * (the peer hears Error_Forbidden). Called on the overlay's thread: it must not block.
     *
     * @param token the requester's token, see {@link AppLinks#attach}
     */
    AppLink.Listener accept(String nodeId, byte[] token);

    /** The link of an accepted AppAttach is up (the peer's certificate checked). */
    void linkUp(AppLink link, byte[] token);
}
