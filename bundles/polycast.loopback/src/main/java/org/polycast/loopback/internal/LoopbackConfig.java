package org.polycast.loopback.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Polycast loopback", description = "In-JVM delivery between sockets of one runtime")
@interface LoopbackConfig {
    @AttributeDefinition(description = "Largest message delivered without fragmentation, in bytes (at least 512)")
    int atomicMessageSize() default LoopbackInterface.DEFAULT_ATOMIC_SIZE;

    @AttributeDefinition(description = "Whether sockets that follow the default Interfaces use loopback")
    boolean polycast_interface_default() default true;
}
