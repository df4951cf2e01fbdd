package org.polycast.reload.internal.storage;

/** A store the data model or the kind's limits refuse: the RELOAD error code and why. */
public final class StoreRefusedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int errorCode;

    public StoreRefusedException(int errorCode, String reason) {
        super(reason, null, false, false);
        this.errorCode = errorCode;
    }

    public int errorCode() {
        return errorCode;
    }
}
