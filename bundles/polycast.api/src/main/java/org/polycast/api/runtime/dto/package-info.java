/** Snapshots of the middleware's state; plain data with public fields, per OSGi DTO rules. */
@Export
@Version("1.3.0")
package org.polycast.api.runtime.dto;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
