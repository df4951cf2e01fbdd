/**
 * The RFC 7046 common API for hybrid multicast: {@link org.polycast.api.MulticastService} (socket
 * creation and the service calls), {@link org.polycast.api.MulticastSocket} (group management,
 * send/receive and socket options), {@code ham:} URIs, and membership events.
 *
 * <h2>Error model</h2>
 * RFC 7046 reports every failure as {@code -1}. Here a call that returns normally succeeded, and a
 * failure is an unchecked exception: {@link org.polycast.api.HamUriSyntaxException} for an invalid
 * name, {@link org.polycast.api.MessageTooLargeException} for EMSGSIZE,
 * {@link org.polycast.api.NoSuchInterfaceException}, {@link org.polycast.api.SocketClosedException},
 * and {@link org.polycast.api.MulticastException} for the rest.
 */
@Export
@Version("1.3.0")
package org.polycast.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
