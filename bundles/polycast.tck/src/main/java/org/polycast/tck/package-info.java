/**
 * The technology conformance kit: extend {@link org.polycast.tck.TechnologyConformance} in your technology's
 * tests, give it two Interfaces that can reach each other, and run it with JUnit 5.
 */
@Export
@Version("1.1.0")
package org.polycast.tck;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
