package org.polycast.api;

/** The socket was closed ({@code deleteMSocket}) or the middleware went away. */
public class SocketClosedException extends MulticastException {
    private static final long serialVersionUID = 1L;

    public SocketClosedException(String message) {
        super(message);
    }
}
