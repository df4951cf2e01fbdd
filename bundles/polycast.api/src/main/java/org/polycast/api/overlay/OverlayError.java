package org.polycast.api.overlay;

/**
 * A RELOAD error code (RFC 6940 §14.9, the Error Codes registry): what an overlay peer answered when a request failed, or
 * {@link #NO_ANSWER} when no answer came. Codes a peer may send beyond the registry (up to 0xFFFF) are values too; they
 * are named by number.
 *
 * @param code the 16-bit error code
 */
public record OverlayError(int code) {
    /** No answer came (the request timed out locally, or the overlay stopped): not a code on the wire. */
    public static final OverlayError NO_ANSWER = new OverlayError(0);
    /** Error_Forbidden: refused by the access policy, or a claim held by another key. */
    public static final OverlayError FORBIDDEN = new OverlayError(2);
    /** Error_Not_Found: no such resource, or the peer serves no such usage (AppAttach for an unknown application). */
    public static final OverlayError NOT_FOUND = new OverlayError(3);
    public static final OverlayError REQUEST_TIMEOUT = new OverlayError(4);
    public static final OverlayError GENERATION_COUNTER_TOO_LOW = new OverlayError(5);
    public static final OverlayError INCOMPATIBLE_WITH_OVERLAY = new OverlayError(6);
    public static final OverlayError UNSUPPORTED_FORWARDING_OPTION = new OverlayError(7);
    public static final OverlayError DATA_TOO_LARGE = new OverlayError(8);
    /** Error_Data_Too_Old: a newer value is stored (for a claim: someone with the same key refreshed it later). */
    public static final OverlayError DATA_TOO_OLD = new OverlayError(9);
    public static final OverlayError TTL_EXCEEDED = new OverlayError(0x0A);
    public static final OverlayError MESSAGE_TOO_LARGE = new OverlayError(0x0B);
    public static final OverlayError UNKNOWN_KIND = new OverlayError(0x0C);
    public static final OverlayError UNKNOWN_EXTENSION = new OverlayError(0x0D);
    public static final OverlayError RESPONSE_TOO_LARGE = new OverlayError(0x0E);
    public static final OverlayError CONFIG_TOO_OLD = new OverlayError(0x0F);
    public static final OverlayError CONFIG_TOO_NEW = new OverlayError(0x10);
    public static final OverlayError IN_PROGRESS = new OverlayError(0x11);
    /** Error_Exp_A, for experimental usages: RFC 7019's ALM errors travel in it, their own code in the error info. */
    public static final OverlayError EXP_A = new OverlayError(0x12);
    public static final OverlayError EXP_B = new OverlayError(0x13);
    public static final OverlayError INVALID_MESSAGE = new OverlayError(0x14);

    private static final String[] NAMES = {null, null, "Forbidden", "Not_Found", "Request_Timeout", "Generation_Counter_Too_Low",
        "Incompatible_with_Overlay", "Unsupported_Forwarding_Option", "Data_Too_Large", "Data_Too_Old", "TTL_Exceeded", "Message_Too_Large",
        "Unknown_Kind", "Unknown_Extension", "Response_Too_Large", "Config_Too_Old", "Config_Too_New", "In_Progress", "Exp_A", "Exp_B",
        "Invalid_Message"};

    /** @throws IllegalArgumentException if the code does not fit the 16-bit field */
    public OverlayError {
        if (code < 0 || code > 0xFFFF) {
            throw new IllegalArgumentException("a RELOAD error code is 16 bits (0 to 65535), not " + code);
        }
    }

    /** The error for a code. */
    public static OverlayError of(int code) {
        return new OverlayError(code);
    }

    /** Whether the registry of RFC 6940 §14.9 names this code. */
    public boolean registered() {
        return code < NAMES.length && NAMES[code] != null;
    }

    /** The registry's name ({@code Error_Forbidden}), {@code Error_<code>} for a code it does not name, "no answer" for 0. */
    public String name() {
        if (code == 0) {
            return "no answer";
        }
        return registered() ? "Error_" + NAMES[code] : "Error_" + code;
    }

    @Override
    public String toString() {
        return name();
    }
}
