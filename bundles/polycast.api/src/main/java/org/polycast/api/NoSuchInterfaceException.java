package org.polycast.api;

import org.osgi.annotation.versioning.ProviderType;

/** No Interface has the given index (RFC 7046 if_index, 1 or more). */
@ProviderType
public class NoSuchInterfaceException extends MulticastException {
    private static final long serialVersionUID = 1L;

    private final int index;

    public NoSuchInterfaceException(int index) {
        super("no interface with index " + index + (index < 1 ? " (interface indices start at 1)" : ""));
        this.index = index;
    }

    public int index() {
        return index;
    }
}
