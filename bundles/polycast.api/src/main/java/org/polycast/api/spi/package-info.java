/**
 * The service provider interface for technology bundles ({@link org.polycast.api.spi.TechnologyInterface})
 * and mapping services ({@link org.polycast.api.spi.NameMapper}). Implementations register OSGi
 * services; the core finds them in the service registry and may see them come and go at any time.
 */
@Export
@Version("1.2.0")
package org.polycast.api.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
