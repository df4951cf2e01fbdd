/**
 * The peer-to-peer overlay a runtime takes part in (a RELOAD overlay, RFC 6940), offered as a service
 * to the bundles that build on it: application-layer multicast (RFC 7019 rides in the experimental
 * {@code exp_a} request) and the DHT mapping service. Storage follows the overlay's kinds and access
 * policies; every value is signed by its writer and verified on the way back. {@link org.polycast.api.overlay.AppLinks}
 * makes direct TLS links between peers for an application's own data (AppAttach), and a peer can sign and check data
 * with the overlay's keys ({@link org.polycast.api.overlay.OverlayService#sign}).
 */
@Export
@Version("1.3.0")
package org.polycast.api.overlay;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
