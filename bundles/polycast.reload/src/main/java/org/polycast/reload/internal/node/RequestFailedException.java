package org.polycast.reload.internal.node;

/** A request that ended in an error answer or no answer at all; the text says which and why. */
public final class RequestFailedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int errorCode;

    public RequestFailedException(int errorCode, String message) {
        super(message, null, false, false);
        this.errorCode = errorCode;
    }

    /** The RELOAD error code, or 0 when no answer came. */
    public int errorCode() {
        return errorCode;
    }
}
