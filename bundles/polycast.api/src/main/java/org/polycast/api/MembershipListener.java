package org.polycast.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives membership events once registered with {@link MulticastService#enableEvents}. Called on
 * the middleware's event thread, in the order the changes happened; must return quickly.
 */
@ConsumerType
@FunctionalInterface
public interface MembershipListener {
    void onEvent(MembershipEvent event);
}
