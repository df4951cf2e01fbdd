package org.polycast.api.overlay;

/**
 * An overlay operation that failed: the RELOAD error ({@link OverlayError#NO_ANSWER} when no answer came), a text that
 * says why, and the error's raw information where a usage defines its format (RFC 7019 puts an ALM error there).
 */
public class OverlayException extends Exception {
    private static final long serialVersionUID = 1L;
    /** @deprecated use {@link OverlayError#FORBIDDEN} */
    @Deprecated
    public static final int FORBIDDEN = 2;
    /** @deprecated use {@link OverlayError#DATA_TOO_OLD} */
    @Deprecated
    public static final int DATA_TOO_OLD = 9;
    private final OverlayError error;
    private final byte[] info;

    public OverlayException(OverlayError error, String message) {
        this(error, message, null);
    }

    /** @param info the error_info to send (from a request handler) or that came (to a requester); null for text only */
    public OverlayException(OverlayError error, String message, byte[] info) {
        super(message);
        this.error = java.util.Objects.requireNonNull(error, "error");
        this.info = info == null ? null : info.clone();
    }

    /** @throws IllegalArgumentException if the code does not fit 16 bits */
    public OverlayException(int errorCode, String message) {
        this(OverlayError.of(errorCode), message, null);
    }

    /** @throws IllegalArgumentException if the code does not fit 16 bits */
    public OverlayException(int errorCode, String message, byte[] info) {
        this(OverlayError.of(errorCode), message, info);
    }

    /** The error the peer answered with, or {@link OverlayError#NO_ANSWER}. */
    public OverlayError error() {
        return error;
    }

    /** The error's code ({@code error().code()}). */
    public int errorCode() {
        return error.code();
    }

    /** The raw error_info, or null. */
    public byte[] info() {
        return info == null ? null : info.clone();
    }
}
