package org.polycast.loopback.internal;

import java.lang.annotation.Annotation;
import java.util.Map;

import org.polycast.api.spi.TechnologyInterface;
import org.polycast.tck.TechnologyConformance;

/** The loopback technology against the conformance kit: one Interface that delivers what it sends to itself. */
class LoopbackConformanceTest extends TechnologyConformance {
    @Override
    protected Pair createPair() {
        LoopbackInterface lo = new LoopbackInterface();
        lo.activate(new LoopbackConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return LoopbackConfig.class;
            }

            @Override
            public int atomicMessageSize() {
                return LoopbackInterface.DEFAULT_ATOMIC_SIZE;
            }

            @Override
            public boolean polycast_interface_default() {
                return true;
            }
        });
        // The service properties of its @Component.
        return Pair.single(lo, Map.of(TechnologyInterface.TECHNOLOGY, LoopbackInterface.TECHNOLOGY, TechnologyInterface.INTERFACE_NAME, LoopbackInterface.NAME));
    }
}
