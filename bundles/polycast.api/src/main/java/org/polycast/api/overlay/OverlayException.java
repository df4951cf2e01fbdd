package org.polycast.api.overlay;

/**
 * An overlay operation that failed: the RELOAD error code (0 when no answer came), a text that says why,
 * and the error's raw information where a usage defines its format (RFC 7019 puts an ALM error there).
 */
public class OverlayException extends Exception {
    private static final long serialVersionUID = 1L;
    /** Error_Forbidden (RFC 6940 §14.9): refused by the access policy, or a claim held by another key. */
    public static final int FORBIDDEN = 2;
    /** Error_Data_Too_Old: a newer value is stored (for a claim: someone with the same key refreshed it later). */
    public static final int DATA_TOO_OLD = 9;
    private final int errorCode;
    private final byte[] info;

    public OverlayException(int errorCode, String message) {
        this(errorCode, message, null);
    }

    /** @param info the error_info to send (from a request handler) or that came (to a requester); null for text only */
    public OverlayException(int errorCode, String message, byte[] info) {
        super(message);
        this.errorCode = errorCode;
        this.info = info == null ? null : info.clone();
    }

    public int errorCode() {
        return errorCode;
    }

    /** The raw error_info, or null. */
    public byte[] info() {
        return info == null ? null : info.clone();
    }
}
