package org.polycast.amt.internal.wire;

/** The AMT message types (RFC 7450 section 5.1), with their code in the low nibble of the first octet. */
public enum AmtMessageType {
    RELAY_DISCOVERY(1),
    RELAY_ADVERTISEMENT(2),
    REQUEST(3),
    MEMBERSHIP_QUERY(4),
    MEMBERSHIP_UPDATE(5),
    MULTICAST_DATA(6),
    TEARDOWN(7);

    private static final AmtMessageType[] BY_CODE = {null, RELAY_DISCOVERY, RELAY_ADVERTISEMENT, REQUEST, MEMBERSHIP_QUERY,
            MEMBERSHIP_UPDATE, MULTICAST_DATA, TEARDOWN};

    private final int code;

    AmtMessageType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type for a code, or null if there is none. */
    public static AmtMessageType of(int code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
