package org.polycast.reload.internal.wire;

/** Input that is not a well-formed RELOAD structure; the text says which field is wrong, for counting and logs. */
public final class ReloadFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public ReloadFormatException(String reason) {
        super(reason, null, false, false);
    }
}
