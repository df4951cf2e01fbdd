package org.polycast.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Thrown when a string is not a valid {@code ham:} URI (RFC 7046 section 4.2) or a
 * {@code udp://} URL. The message names the input, what is wrong, and the zero-based
 * index where the problem was found, so that a person can fix the input.
 */
@ProviderType
public class HamUriSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String input;
    private final int index;
    private final String reason;

    public HamUriSyntaxException(String input, int index, String reason) {
        super("Invalid group name \"" + input + "\": " + reason + (index >= 0 ? " (at index " + index + ")" : ""));
        this.input = input;
        this.index = index;
        this.reason = reason;
    }

    /** The text that was rejected. */
    public String getInput() {
        return input;
    }

    /** Zero-based position in {@link #getInput()} where the problem was found, or -1 if not tied to a position. */
    public int getIndex() {
        return index;
    }

    /** What is wrong, without the input. */
    public String getReason() {
        return reason;
    }
}
