package org.polycast.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * {@code send} waited as long as the runtime allows ({@code sendBlockMillis}) for an Interface whose flow control held the
 * message back (its receivers read slower than this sender sends), and no Interface took the message: nothing of it was
 * sent. Send again later, or more slowly.
 */
@ProviderType
public class SendTimeoutException extends MulticastException {
    private static final long serialVersionUID = 1L;

    private final long waitedMillis;

    public SendTimeoutException(String message, long waitedMillis) {
        super(message);
        this.waitedMillis = waitedMillis;
    }

    /** How long the send waited. */
    public long waitedMillis() {
        return waitedMillis;
    }
}
