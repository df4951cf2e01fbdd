package org.polycast.core.internal;

import java.util.ArrayDeque;
import java.util.Deque;

import org.polycast.api.runtime.dto.FailureDTO;

/** The most recent failed technology calls, bounded, for the runtime DTO. */
final class FailureLog {
    private static final int CAPACITY = 64;
    private final Deque<FailureDTO> recent = new ArrayDeque<>(CAPACITY);
    private final CoreLog log;

    FailureLog(CoreLog log) {
        this.log = log;
    }

    void record(int ifIndex, String technology, String operation, String message) {
        FailureDTO f = new FailureDTO();
        f.interfaceIndex = ifIndex;
        f.technology = technology;
        f.operation = operation;
        f.message = message;
        f.timestamp = System.currentTimeMillis();
        synchronized (recent) {
            if (recent.size() == CAPACITY) {
                recent.removeFirst();
            }
            recent.addLast(f);
        }
        log.warn("interface " + ifIndex + " (" + technology + "): " + operation + " failed: " + message);
    }

    FailureDTO[] snapshot() {
        synchronized (recent) {
            return recent.toArray(new FailureDTO[0]);
        }
    }
}
