package org.polycast.core.internal;

import java.util.Map;

import org.polycast.api.spi.TechnologyInterface;

/** What a technology Interface's service properties say about how the core may use it. */
record InterfaceTraits(boolean defaultInterface, int ranking, boolean concurrentSend, boolean receiveOnly, boolean flowControl) {

    static InterfaceTraits from(Map<String, Object> properties) {
        return new InterfaceTraits(!isFalse(properties.get(TechnologyInterface.DEFAULT_INTERFACE)),
                properties.get("service.ranking") instanceof Integer r ? r : 0,
                isTrue(properties.get(TechnologyInterface.CONCURRENT_SEND)),
                isTrue(properties.get(TechnologyInterface.RECEIVE_ONLY)),
                isTrue(properties.get(TechnologyInterface.FLOW_CONTROL)));
    }

    private static boolean isTrue(Object value) {
        return Boolean.TRUE.equals(value) || "true".equals(String.valueOf(value));
    }

    private static boolean isFalse(Object value) {
        return Boolean.FALSE.equals(value) || "false".equals(String.valueOf(value));
    }
}
