package org.polycast.itest.echo.internal;

import java.util.Map;

import org.polycast.api.spi.TechnologyInterface;
import org.polycast.tck.TechnologyConformance;

/** The test technology against the conformance kit: one Interface that echoes what it sends, on its own thread. */
class EchoConformanceTest extends TechnologyConformance {
    @Override
    protected Pair createPair() {
        // The service properties of its @Component.
        return Pair.single(new EchoInterface(), Map.of(TechnologyInterface.TECHNOLOGY, "echo", TechnologyInterface.INTERFACE_NAME, "echo0"));
    }
}
