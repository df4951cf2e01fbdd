package org.polycast.api;

import java.util.Collection;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The entry point of the middleware, registered as an OSGi service by the core: socket creation
 * (RFC 7046 4.4.1) and the service calls of section 4.7. Service calls answer with what the
 * Interface's technology really knows; where it cannot know, the answer is empty (and
 * {@code designatedHost} false), never invented.
 *
 * <p>In an OSGi bundle the service comes from the registry (bundle-scoped: what a bundle opens is closed when it
 * stops); in a plain Java program from {@code org.polycast.embedded.Polycast}:
 *
 * <pre>{@code
 * @Component
 * public class Ticker {
 *     @Activate
 *     public Ticker(@Reference MulticastService polycast) {
 *         MulticastSocket socket = polycast.createSocket();
 *         socket.join(HamUri.parse("ham:opaque:ticks"));
 *         ...
 *     }
 * }
 * }</pre>
 */
@ProviderType
public interface MulticastService {

    /** {@code createMSocket} with the default Interfaces; the socket follows the defaults as they change. */
    MulticastSocket createSocket();

    /**
     * {@code createMSocket} on the given Interfaces only.
     *
     * @throws NoSuchInterfaceException if an index names no Interface
     */
    MulticastSocket createSocket(Collection<Integer> ifIndices);

    /** The system-wide Interface list ({@code ifProp}, RFC 7046 4.3.1), ordered by index. */
    List<InterfaceProperties> interfaces();

    /** {@code groupSet}: the groups registered at the Interface and this node's role in each. */
    List<GroupSetEntry> groupSet(int ifIndex);

    /** {@code neighborSet}: multicast-routing neighbours seen on the Interface. */
    List<HamUri> neighborSet(int ifIndex);

    /** {@code childrenSet}: the nodes this node forwards the group to on the Interface. */
    List<HamUri> childrenSet(int ifIndex, HamUri groupName);

    /** {@code parentSet}: the nodes this node receives the group from on the Interface. */
    List<HamUri> parentSet(int ifIndex, HamUri groupName);

    /** {@code designatedHost}: true if this node is the designated forwarder or querier for the group. */
    boolean designatedHost(int ifIndex, HamUri groupName);

    /**
     * {@code enableEvents}: delivers membership events to the listener until the returned
     * registration is closed ({@code disableEvents}). The RFC's global switch becomes one
     * registration per listener, so that two applications cannot switch each other's events off.
     */
    EventRegistration enableEvents(MembershipListener listener);

    /**
     * {@code getMaxMsgSize} (RFC 7046 4.7.8): the largest message {@code send} accepts; at least
     * 65536 bytes, fixed for the life of the middleware.
     */
    int getMaxMsgSize();
}
