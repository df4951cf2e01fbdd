package org.polycast.api.spi;

import org.osgi.annotation.versioning.ConsumerType;
import org.polycast.api.HamUri;
import org.polycast.api.HamUriSyntaxException;

/**
 * A namespace plugin: validates the Group Names of one Multicast Namespace and puts them in
 * canonical form, so that every host maps equal names to equal addresses. The core passes every
 * name of the namespace through {@link #canonicalize} before it joins, leaves, registers or
 * sends, and caches the answer. Namespaces the core is configured to require a handler for (by
 * default {@code sip}) are refused while no handler is registered.
 *
 * <h2>Service properties</h2>
 * <ul>
 * <li>{@value #NAMESPACE} (String, required): the namespace served, in lower case.</li>
 * </ul>
 */
@ConsumerType
public interface NamespaceHandler {
    /** Service property: the namespace this handler serves. */
    String NAMESPACE = "polycast.namespace";

    /**
     * The canonical form of a Group Name of this namespace, port included (the core passes
     * {@link HamUri#groupName()}: no credentials). Must be a pure function, quick, and idempotent.
     *
     * @throws HamUriSyntaxException saying precisely what is wrong, if the name is not valid in this namespace
     */
    HamUri canonicalize(HamUri groupName);
}
