package org.polycast.api;

import org.osgi.annotation.versioning.ProviderType;

/** The socket was closed ({@code deleteMSocket}) or the middleware went away. */
@ProviderType
public class SocketClosedException extends MulticastException {
    private static final long serialVersionUID = 1L;

    public SocketClosedException(String message) {
        super(message);
    }
}
