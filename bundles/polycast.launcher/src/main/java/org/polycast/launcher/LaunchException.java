package org.polycast.launcher;

/** The image cannot start; the message says why, for the operator. */
public final class LaunchException extends Exception {
    private static final long serialVersionUID = 1L;

    public LaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
