package org.polycast.core.internal;

import org.polycast.api.HamUri;
import org.polycast.api.runtime.dto.MappingDTO;

/** A Group Name's Group Address on one Interface, and where it came from. */
record Mapping(HamUri address, String source, String mapper) {

    static Mapping of(HamUri name, HamUri address, String mapper) {
        if (mapper != null) {
            return new Mapping(address, MappingDTO.SOURCE_SERVICE, mapper);
        }
        return new Mapping(address, address.equals(name) ? MappingDTO.SOURCE_CANONICAL : MappingDTO.SOURCE_DERIVED, null);
    }

    /** Lower is better: canonical beats an assigned address, which beats a derived one. */
    int rank() {
        return switch (source) {
            case MappingDTO.SOURCE_CANONICAL -> 0;
            case MappingDTO.SOURCE_SERVICE -> 1;
            default -> 2;
        };
    }
}
