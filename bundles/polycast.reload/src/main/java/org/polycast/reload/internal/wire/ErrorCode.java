package org.polycast.reload.internal.wire;

import org.polycast.api.overlay.OverlayError;

/** Error codes (RFC 6940 §14.9) as the wire carries them; their names and the API's typed form are {@link OverlayError}. */
public final class ErrorCode {
    public static final int FORBIDDEN = OverlayError.FORBIDDEN.code();
    public static final int NOT_FOUND = OverlayError.NOT_FOUND.code();
    public static final int REQUEST_TIMEOUT = OverlayError.REQUEST_TIMEOUT.code();
    public static final int GENERATION_COUNTER_TOO_LOW = OverlayError.GENERATION_COUNTER_TOO_LOW.code();
    public static final int INCOMPATIBLE_WITH_OVERLAY = OverlayError.INCOMPATIBLE_WITH_OVERLAY.code();
    public static final int UNSUPPORTED_FORWARDING_OPTION = OverlayError.UNSUPPORTED_FORWARDING_OPTION.code();
    public static final int DATA_TOO_LARGE = OverlayError.DATA_TOO_LARGE.code();
    public static final int DATA_TOO_OLD = OverlayError.DATA_TOO_OLD.code();
    public static final int TTL_EXCEEDED = OverlayError.TTL_EXCEEDED.code();
    public static final int MESSAGE_TOO_LARGE = OverlayError.MESSAGE_TOO_LARGE.code();
    public static final int UNKNOWN_KIND = OverlayError.UNKNOWN_KIND.code();
    public static final int UNKNOWN_EXTENSION = OverlayError.UNKNOWN_EXTENSION.code();
    public static final int RESPONSE_TOO_LARGE = OverlayError.RESPONSE_TOO_LARGE.code();
    public static final int CONFIG_TOO_OLD = OverlayError.CONFIG_TOO_OLD.code();
    public static final int CONFIG_TOO_NEW = OverlayError.CONFIG_TOO_NEW.code();
    public static final int IN_PROGRESS = OverlayError.IN_PROGRESS.code();
    public static final int EXP_A = OverlayError.EXP_A.code();
    public static final int EXP_B = OverlayError.EXP_B.code();
    public static final int INVALID_MESSAGE = OverlayError.INVALID_MESSAGE.code();


    private ErrorCode() {
    }

    /** The registry's name of a code, as the API's {@link OverlayError} gives it. */
    public static String name(int code) {
        return code > 0 && code <= 0xFFFF ? OverlayError.of(code).name() : "Error_" + code;
    }
}
