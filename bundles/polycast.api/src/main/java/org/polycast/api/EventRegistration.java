package org.polycast.api;

import org.osgi.annotation.versioning.ProviderType;

/** Handle returned by {@link MulticastService#enableEvents}; closing it is {@code disableEvents()}. */
@ProviderType
public interface EventRegistration extends AutoCloseable {
    /** Stops event delivery to this listener. Idempotent. */
    @Override
    void close();
}
