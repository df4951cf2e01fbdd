package org.polycast.api.spi;

import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ProviderType;
import org.polycast.api.HamUri;
import org.polycast.api.MembershipEventType;

/**
 * What the core gives a {@link TechnologyInterface} in {@link TechnologyInterface#open}. All methods
 * are thread-safe, never block, and may be called from the technology's own I/O threads.
 */
@ProviderType
public interface InterfaceContext {

    /** The if_index the core assigned to this Interface. */
    int interfaceIndex();

    /**
     * Hands a received datagram to the core. The buffer is read during the call only, so the
     * technology may reuse or release it afterwards.
     *
     * @param address the Group Address it was received on, as {@link TechnologyInterface#map} would produce
     * @param source  the sender as the technology names it (for example {@code 198.18.0.2:40000}), or null
     */
    void deliver(HamUri address, ByteBuffer payload, String source);

    /** Reports a membership change the technology observed itself (for example in a tree). */
    void membershipEvent(MembershipEventType type, HamUri address, String source);

    /** Tells the core that {@link TechnologyInterface#atomicMessageSize()} changed. */
    void atomicMessageSizeChanged();

    /** Counts and logs input the technology dropped as malformed. */
    void malformed(String reason);

    /**
     * Tells the core that the Interface can take datagrams again after its {@link TechnologyInterface#send} threw
     * {@link SendBufferFullException}: senders held back retry at once.
     */
    void sendBufferAvailable();
}
