package org.polycast.api;

import org.osgi.annotation.versioning.ProviderType;

import java.util.Set;

/**
 * The Multicast Namespaces that RFC 7046 defines (sections 4.2.3 and 4.2.4). Namespaces not
 * listed here are still valid {@code ham:} URIs: the RFC foresees a registry of future
 * namespaces, so the parser accepts any well-formed namespace and leaves it to technologies
 * and mapping services whether they can carry it.
 */
@ProviderType
public final class Namespaces {
    /** IP group addresses or DNS names; the instantiation is the SSM source. */
    public static final String IP = "ip";
    /** Hash values per RFC 6920, handed to overlays as they are. */
    public static final String SHA_2 = "sha-2";
    /** Opaque strings with no structure. */
    public static final String OPAQUE = "opaque";
    /** SIP userinfo (RFC 3261); the instantiation is the SIP domain. */
    public static final String SIP = "sip";
    /** Names valid in a RELOAD overlay, multicast per RFC 7019. */
    public static final String RELOAD = "reload";

    /** The namespaces RFC 7046 defines, in lower case. */
    public static final Set<String> DEFINED = Set.of(IP, SHA_2, OPAQUE, SIP, RELOAD);

    private Namespaces() {
    }
}
