package org.polycast.core.internal;

/** What became of a message on one Interface. */
enum SendOutcome {
    /** Taken by the technology (sent, or queued to be sent). */
    ACCEPTED,
    /** Refused or failed: the Interface is down, its queue stayed full, or the technology threw. */
    FAILED,
    /** The technology's flow control held it back for the whole of {@code sendBlockMillis}: nothing of it was sent. */
    HELD_BACK
}
