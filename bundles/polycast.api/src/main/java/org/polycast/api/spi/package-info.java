/**
 * The service provider interface for technology bundles ({@link org.polycast.api.spi.TechnologyInterface}),
 * mapping services ({@link org.polycast.api.spi.NameMapper}) and what technologies offer each other
 * ({@link org.polycast.api.spi.RelayTunnels}, since 1.3). Implementations register OSGi
 * services; the core finds them in the service registry and may see them come and go at any time.
 */
@Export
@Version("1.3.0")
package org.polycast.api.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
