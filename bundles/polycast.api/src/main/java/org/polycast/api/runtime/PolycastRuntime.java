package org.polycast.api.runtime;

import java.util.List;

import org.polycast.api.HamUri;
import org.polycast.api.runtime.dto.MappingDTO;
import org.polycast.api.runtime.dto.RuntimeDTO;

/**
 * Read-only view of the middleware, registered as a service by the core next to
 * {@link org.polycast.api.MulticastService}. Every call returns a fresh snapshot; nothing returned
 * is live.
 */
@org.osgi.annotation.versioning.ProviderType
public interface PolycastRuntime {

    /** Interfaces, sockets, groups, counters and recent failures. */
    RuntimeDTO getRuntimeDTO();

    /**
     * What the Group Name maps to on each Interface, where the mapping came from, and which
     * Interfaces the selection policy would send on.
     */
    List<MappingDTO> map(HamUri groupName);
}
