package org.polycast.api.spi;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Thrown by {@link TechnologyInterface#send} when the Interface cannot take a datagram now because its send buffers are
 * full (flow control: an ALM tree whose members read slower than the sender sends). Nothing of the datagram was sent.
 * The core holds the sending application back, for a bounded time, until the technology calls
 * {@link InterfaceContext#sendBufferAvailable()}, and then tries again; it does not mark the Interface failed.
 */
@ProviderType
public class SendBufferFullException extends Exception {
    private static final long serialVersionUID = 1L;

    public SendBufferFullException(String message) {
        super(message);
    }
}
