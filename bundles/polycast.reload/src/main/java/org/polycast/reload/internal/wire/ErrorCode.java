package org.polycast.reload.internal.wire;

/** Error codes (RFC 6940 §14.9). */
public final class ErrorCode {
    public static final int FORBIDDEN = 2;
    public static final int NOT_FOUND = 3;
    public static final int REQUEST_TIMEOUT = 4;
    public static final int GENERATION_COUNTER_TOO_LOW = 5;
    public static final int INCOMPATIBLE_WITH_OVERLAY = 6;
    public static final int UNSUPPORTED_FORWARDING_OPTION = 7;
    public static final int DATA_TOO_LARGE = 8;
    public static final int DATA_TOO_OLD = 9;
    public static final int TTL_EXCEEDED = 0x0A;
    public static final int MESSAGE_TOO_LARGE = 0x0B;
    public static final int UNKNOWN_KIND = 0x0C;
    public static final int UNKNOWN_EXTENSION = 0x0D;
    public static final int RESPONSE_TOO_LARGE = 0x0E;
    public static final int CONFIG_TOO_OLD = 0x0F;
    public static final int CONFIG_TOO_NEW = 0x10;
    public static final int IN_PROGRESS = 0x11;
    public static final int EXP_A = 0x12;
    public static final int EXP_B = 0x13;
    public static final int INVALID_MESSAGE = 0x14;

    private static final String[] NAMES = {null, null, "Forbidden", "Not_Found", "Request_Timeout", "Generation_Counter_Too_Low",
        "Incompatible_with_Overlay", "Unsupported_Forwarding_Option", "Data_Too_Large", "Data_Too_Old", "TTL_Exceeded",
        "Message_Too_Large", "Unknown_Kind", "Unknown_Extension", "Response_Too_Large", "Config_Too_Old", "Config_Too_New",
        "In_Progress", "Exp_A", "Exp_B", "Invalid_Message"};

    private ErrorCode() {
    }

    public static String name(int code) {
        return code > 0 && code < NAMES.length && NAMES[code] != null ? "Error_" + NAMES[code] : "Error_" + code;
    }
}
