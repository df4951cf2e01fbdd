package org.polycast.alm.internal.wire;

/** Input that is not a well-formed RFC 7019 ALM message; the text names the field, for counting and logs. */
public final class AlmFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public AlmFormatException(String reason) {
        super(reason, null, false, false);
    }
}
