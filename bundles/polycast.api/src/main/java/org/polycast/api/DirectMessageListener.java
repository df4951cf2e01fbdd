package org.polycast.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A {@link MessageListener} that is called directly on the receiving technology's I/O thread, without
 * the socket's queue and delivery thread: the lowest-latency, highest-rate way to receive. In exchange
 * it must return quickly and never block, because while it runs that technology receives nothing for
 * any socket. It may be called from several I/O threads at once (one per Interface). A listener that
 * throws is logged; the message is lost for it. Set it with {@link MulticastSocket#setMessageListener}.
 */
@ConsumerType
@FunctionalInterface
public interface DirectMessageListener extends MessageListener {
}
