package org.polycast.reload.internal.security;

/** A signature that does not verify, names no usable certificate, or whose certificate is not trusted. */
public final class SignatureCheckException extends Exception {
    private static final long serialVersionUID = 1L;

    public SignatureCheckException(String reason) {
        super(reason, null, false, false);
    }
}
