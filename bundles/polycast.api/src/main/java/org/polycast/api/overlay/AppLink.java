package org.polycast.api.overlay;

import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One direct TLS link to a peer, made by {@link AppLinks}. All methods are thread-safe and never block. The listener's
 * calls for one link come from one I/O thread, in order.
 */
@ProviderType
public interface AppLink {
    /** The peer at the other end, hex, as its certificate names it. */
    String peer();

    int applicationId();

    /**
     * Queues one frame: the parts, read during the call only, are copied into one frame of their total length (at most
     * {@link AppLinks#MAX_FRAME} octets). Queued frames go out at the next {@link #flush()}.
     *
     * @return false if the link is closed (the frame is dropped)
     * @throws IllegalArgumentException if the frame is longer than {@link AppLinks#MAX_FRAME}
     */
    boolean send(ByteBuffer... parts);

    /** Writes the queued frames, coalesced into as few TLS records as they fit. */
    void flush();

    /**
     * Whether the link's send buffer is below its high-water mark. When it rises above, the listener hears
     * {@link Listener#writabilityChanged} with false, and true once it has fallen below the low-water mark.
     */
    boolean writable();

    /** Octets queued and not yet written to the network. */
    long pendingBytes();

    /** Stops (false) or resumes (true) reading from the peer: what it sends then backs up into its own send buffer. */
    void setReading(boolean reading);

    /** Writes what is queued, then closes the link (TLS close_notify). Idempotent. */
    void close(String reason);

    /** What a link reports, on its I/O thread. */
    @ConsumerType
    interface Listener {
        /** One frame; the buffer is valid during the call only. */
        void received(AppLink link, ByteBuffer frame);

        /** The frames of one read from the network have all been given to {@link #received}: a point to hand a batch on. */
        default void readComplete(AppLink link) {
        }

        void writabilityChanged(AppLink link, boolean writable);

        /** The link is gone: closed by either end, broken, or refused; the reason says which. Called once. */
        void closed(AppLink link, String reason);
    }
}
