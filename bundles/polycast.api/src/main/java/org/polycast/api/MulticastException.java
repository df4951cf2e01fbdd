package org.polycast.api;

import org.osgi.annotation.versioning.ProviderType;

/** A multicast call failed; the message says which call, on what, and why. */
@ProviderType
public class MulticastException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MulticastException(String message) {
        super(message);
    }

    public MulticastException(String message, Throwable cause) {
        super(message, cause);
    }
}
