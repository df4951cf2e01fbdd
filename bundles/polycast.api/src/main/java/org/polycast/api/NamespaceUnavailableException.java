package org.polycast.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The Group Name belongs to a namespace that needs a namespace plugin, and none is installed
 * (for example {@code ham:sip:} names without the SIP naming bundle).
 */
@ProviderType
public class NamespaceUnavailableException extends MulticastException {
    private static final long serialVersionUID = 1L;

    private final String namespace;

    public NamespaceUnavailableException(String namespace, HamUri name) {
        super("namespace '" + namespace + "' of " + name + " needs its namespace plugin, which is not installed"
                + " (install the bundle that serves '" + namespace + "' names, e.g. polycast.naming." + namespace + ")");
        this.namespace = namespace;
    }

    public String namespace() {
        return namespace;
    }
}
