package org.polycast.api.overlay;

/** An overlay operation that failed: the RELOAD error code (0 when no answer came) and a text that says why. */
public class OverlayException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int errorCode;

    public OverlayException(int errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    public int errorCode() {
        return errorCode;
    }
}
