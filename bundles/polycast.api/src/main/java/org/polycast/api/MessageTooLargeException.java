package org.polycast.api;

import org.osgi.annotation.versioning.ProviderType;

/** EMSGSIZE of RFC 7046 section 4.5: the message is longer than {@link MulticastService#getMaxMsgSize()}. */
@ProviderType
public class MessageTooLargeException extends MulticastException {
    private static final long serialVersionUID = 1L;

    private final int size;
    private final int maxSize;

    public MessageTooLargeException(int size, int maxSize) {
        super("message of " + size + " bytes exceeds the maximum message size of " + maxSize + " bytes");
        this.size = size;
        this.maxSize = maxSize;
    }

    public int size() {
        return size;
    }

    public int maxSize() {
        return maxSize;
    }
}
