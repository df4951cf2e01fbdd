package org.polycast.api.runtime.dto;

import org.osgi.annotation.versioning.ProviderType;

import org.osgi.dto.DTO;

/** What one Group Name maps to on one Interface. */
@ProviderType
public class MappingDTO extends DTO {
    /** The address is the name itself, in the technology's own namespace (RFC 7046 3.5 canonical mapping). */
    public static final String SOURCE_CANONICAL = "canonical";
    /** The technology derived the address from the name by its documented deterministic rule. */
    public static final String SOURCE_DERIVED = "derived";
    /** A mapping service supplied the address; {@link #mapper} names it. */
    public static final String SOURCE_SERVICE = "service";

    public int interfaceIndex;
    public String technology;
    public String interfaceName;
    /** The Group Address, or null if this Interface cannot carry the name. */
    public String address;
    /** {@link #SOURCE_CANONICAL}, {@link #SOURCE_DERIVED} or {@link #SOURCE_SERVICE}; null without address. */
    public String source;
    /** For {@link #SOURCE_SERVICE}: the mapping service's name. */
    public String mapper;
    /** True if the selection policy sends on this Interface. */
    public boolean selected;
    /** Why there is no address, or why the Interface was not selected. */
    public String reason;
}
