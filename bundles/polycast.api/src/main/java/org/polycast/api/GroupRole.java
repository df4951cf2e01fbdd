package org.polycast.api;

import org.osgi.annotation.versioning.ProviderType;

/** The {@code type} of a {@code groupSet} entry (RFC 7046 section 4.7.1). */
@ProviderType
public enum GroupRole {
    /** 0: the node listens to the group. */
    LISTENER(0),
    /** 1: the node sends to the group. */
    SENDER(1),
    /** 2: both. */
    LISTENER_AND_SENDER(2);

    private final int code;

    GroupRole(int code) {
        this.code = code;
    }

    /** The RFC's numeric type. */
    public int code() {
        return code;
    }

    /** The role of a node that listens ({@code listener}) and/or sends ({@code sender}); neither is an error. */
    public static GroupRole of(boolean listener, boolean sender) {
        if (listener && sender) {
            return LISTENER_AND_SENDER;
        }
        if (listener) {
            return LISTENER;
        }
        if (sender) {
            return SENDER;
        }
        throw new IllegalArgumentException("a group entry is a listener, a sender or both");
    }
}
