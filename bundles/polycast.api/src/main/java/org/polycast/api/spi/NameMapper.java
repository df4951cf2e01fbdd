package org.polycast.api.spi;

import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;
import org.polycast.api.HamUri;
import org.polycast.api.InterfaceProperties;

/**
 * A mapping service (RFC 7046 section 3.5): supplies Group Addresses for Group Names on Interfaces
 * of some technologies, and the inverse. The core asks mapping services, highest
 * {@code service.ranking} first, before the Interface's own rule; the first answer wins for that
 * Interface. Calls are guarded like technology calls and must return quickly (answer from a cache
 * and refresh in the background). Changing the service's properties (for example a counter) tells
 * the core that earlier answers may be stale: it drops the mappings it cached.
 *
 * <h2>Service properties</h2>
 * <ul>
 * <li>{@value #MAPPER_NAME} (String, required): a name for displays.</li>
 * <li>{@value #TECHNOLOGIES} (String or String[], optional): the technologies served; absent or
 * {@code *} for all.</li>
 * </ul>
 */
@ConsumerType
public interface NameMapper {
    /** Service property: the mapper's name, for displays. */
    String MAPPER_NAME = "polycast.mapper.name";
    /** Service property: technologies served (String+), {@code *} for all. */
    String TECHNOLOGIES = "polycast.mapper.technologies";

    /** The Group Address for the name on the Interface, or empty to leave it to others. */
    Optional<HamUri> map(HamUri groupName, InterfaceProperties iface);

    /** The Group Name for an address on the Interface, or empty if this mapper did not assign it. */
    default Optional<HamUri> unmap(HamUri address, InterfaceProperties iface) {
        return Optional.empty();
    }
}
