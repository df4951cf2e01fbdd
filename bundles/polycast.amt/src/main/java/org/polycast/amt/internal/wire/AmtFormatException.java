package org.polycast.amt.internal.wire;

/** Input that is not a well-formed AMT, IGMP, MLD or IP message; the text says what is wrong, for counting and logs. */
public final class AmtFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public AmtFormatException(String reason) {
        super(reason, null, false, false);
    }
}
