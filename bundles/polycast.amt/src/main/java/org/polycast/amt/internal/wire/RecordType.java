package org.polycast.amt.internal.wire;

/** IGMPv3 / MLDv2 group record types (RFC 3376 section 4.2.12, RFC 3810 section 5.2.12). */
public enum RecordType {
    MODE_IS_INCLUDE,
    MODE_IS_EXCLUDE,
    CHANGE_TO_INCLUDE,
    CHANGE_TO_EXCLUDE,
    ALLOW_NEW_SOURCES,
    BLOCK_OLD_SOURCES;

    public int code() {
        return ordinal() + 1;
    }

    /** The type for a code, or null for an unknown one (which RFC 3376 says to ignore). */
    public static RecordType of(int code) {
        return code >= 1 && code <= 6 ? values()[code - 1] : null;
    }
}
