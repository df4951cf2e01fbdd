package org.polycast.api;

import java.util.Objects;

/**
 * What a membership call did on one Interface of a socket ({@link MulticastSocket#joinReporting}).
 *
 * @param interfaceIndex the Interface
 * @param result what happened there
 * @param reason why it was not done (the technology's error, or why the name is not carried); null when done
 */
public record InterfaceOutcome(int interfaceIndex, Result result, String reason) {
    /** What happened on the Interface. */
    public enum Result {
        /** The technology did it. */
        DONE,
        /** The Interface cannot carry the name (no mapping there); nothing was asked of its technology. */
        NOT_CARRIED,
        /** The technology refused or failed; {@code reason} says why. */
        FAILED,
        /** Still running when the call's time limit passed; it completes or fails later (see the runtime DTOs). */
        PENDING
    }

    public InterfaceOutcome {
        Objects.requireNonNull(result, "result");
        if (result != Result.DONE && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("an outcome other than DONE needs a reason");
        }
    }

    public static InterfaceOutcome done(int interfaceIndex) {
        return new InterfaceOutcome(interfaceIndex, Result.DONE, null);
    }
}
