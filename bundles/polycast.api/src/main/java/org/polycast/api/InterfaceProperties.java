package org.polycast.api;

import org.osgi.annotation.versioning.ProviderType;

import java.util.Objects;

/**
 * The RFC 7046 {@code ifProp} structure (section 4.3.1): one Interface of the node, that is one
 * forwarding instance of one technology.
 *
 * @param index      the if_index, 1 or more; stable while the runtime lives, also across hot plug
 *                   of the same technology interface
 * @param name       for example {@code eth0} or {@code loopback}
 * @param address    the Interface's own address in its technology, for example {@code 198.18.0.1}
 * @param technology for example {@code ip}, {@code amt}, {@code alm}, {@code loopback}
 */
@ProviderType
public record InterfaceProperties(int index, String name, String address, String technology) {
    public InterfaceProperties {
        if (index < 1) {
            throw new IllegalArgumentException("interface index must be 1 or more, was " + index);
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(technology, "technology");
    }
}
