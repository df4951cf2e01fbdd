package org.polycast.reload.internal.node;

/** A request that ended in an error answer or no answer at all; the text says which and why. */
public final class RequestFailedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int errorCode;
    private final byte[] info;

    public RequestFailedException(int errorCode, String message) {
        this(errorCode, message, null);
    }

    public RequestFailedException(int errorCode, String message, byte[] info) {
        super(message, null, false, false);
        this.errorCode = errorCode;
        this.info = info;
    }

    /** The error answer's raw error_info, or null. */
    public byte[] info() {
        return info;
    }

    /** The RELOAD error code, or 0 when no answer came. */
    public int errorCode() {
        return errorCode;
    }
}
