package org.polycast.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives messages asynchronously: the non-blocking form of {@code receive}. Called on a delivery
 * thread of the socket, one message at a time, in arrival order. A listener that throws is logged
 * and keeps receiving; a slow listener delays only its own socket.
 */
@ConsumerType
@FunctionalInterface
public interface MessageListener {
    void onMessage(Message message);
}
