/**
 * Introspection of a running middleware: {@link org.polycast.api.runtime.PolycastRuntime} returns
 * snapshots as DTOs, for shells, consoles and monitoring.
 */
@Export
@Version("1.1.0")
package org.polycast.api.runtime;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
