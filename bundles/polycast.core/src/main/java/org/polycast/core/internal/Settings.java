package org.polycast.core.internal;

import java.util.List;

/** The core's settings as plain values, so that the middleware runs without OSGi in unit tests. */
record Settings(long callTimeoutMillis, int maxMessageSize, int sendQueueCapacity, int receiveQueueCapacity,
        long reassemblyTimeoutMillis, int maxPendingReassemblies, long duplicateWindowMillis, SelectionPolicy.Mode selection,
        List<String> technologyPreference, long sendBlockMillis, long receiveQueueBytes, long reassemblyBytes) {

    /** Default byte bound of one socket's receive queue and of one Interface's reassembly buffers. */
    static final long DEFAULT_QUEUE_BYTES = 16L << 20;

    /** RFC 7046 section 3.7 wants a guaranteed size; Polycast guarantees at least 64 KiB. */
    static final int MIN_MAX_MESSAGE_SIZE = 65536;
    static final int MAX_MAX_MESSAGE_SIZE = 8 * 1024 * 1024;

    Settings {
        if (maxMessageSize < MIN_MAX_MESSAGE_SIZE || maxMessageSize > MAX_MAX_MESSAGE_SIZE) {
            throw new IllegalArgumentException("maxMessageSize must be " + MIN_MAX_MESSAGE_SIZE + " to " + MAX_MAX_MESSAGE_SIZE + ", was " + maxMessageSize);
        }
        if (callTimeoutMillis < 1 || sendQueueCapacity < 1 || receiveQueueCapacity < 1 || reassemblyTimeoutMillis < 1
                || maxPendingReassemblies < 1 || duplicateWindowMillis < 0 || sendBlockMillis < 0) {
            throw new IllegalArgumentException("timeouts and capacities must be positive");
        }
        // a bound below the largest message would refuse every message of that size, silently for the sender
        if (receiveQueueBytes < maxMessageSize) {
            throw new IllegalArgumentException("receiveQueueBytes must be at least maxMessageSize (" + maxMessageSize + "), was " + receiveQueueBytes);
        }
        if (reassemblyBytes < maxMessageSize) {
            throw new IllegalArgumentException("reassemblyBytes must be at least maxMessageSize (" + maxMessageSize + "), was " + reassemblyBytes);
        }
        technologyPreference = List.copyOf(technologyPreference);
    }

    static Settings defaults() {
        return new Settings(2000, MIN_MAX_MESSAGE_SIZE, 4096, 8192, 5000, 1024, 2000, SelectionPolicy.Mode.ALL,
                List.of("ip", "amt", "alm", "loopback"), 2000, DEFAULT_QUEUE_BYTES, DEFAULT_QUEUE_BYTES);
    }

    static Settings from(CoreConfig c) {
        return new Settings(c.callTimeoutMillis(), c.maxMessageSize(), c.sendQueueCapacity(), c.receiveQueueCapacity(),
                c.reassemblyTimeoutMillis(), c.maxPendingReassemblies(), c.duplicateWindowMillis(),
                SelectionPolicy.Mode.parse(c.selection()), List.of(c.technologyPreference()), c.sendBlockMillis(), c.receiveQueueBytes(),
                c.reassemblyBytes());
    }

    Settings withCallTimeout(long millis) {
        return new Settings(millis, maxMessageSize, sendQueueCapacity, receiveQueueCapacity, reassemblyTimeoutMillis,
                maxPendingReassemblies, duplicateWindowMillis, selection, technologyPreference, sendBlockMillis, receiveQueueBytes, reassemblyBytes);
    }

    Settings withSendBlock(long millis) {
        return new Settings(callTimeoutMillis, maxMessageSize, sendQueueCapacity, receiveQueueCapacity, reassemblyTimeoutMillis,
                maxPendingReassemblies, duplicateWindowMillis, selection, technologyPreference, millis, receiveQueueBytes, reassemblyBytes);
    }

    Settings withSelection(SelectionPolicy.Mode mode) {
        return new Settings(callTimeoutMillis, maxMessageSize, sendQueueCapacity, receiveQueueCapacity, reassemblyTimeoutMillis,
                maxPendingReassemblies, duplicateWindowMillis, mode, technologyPreference, sendBlockMillis, receiveQueueBytes, reassemblyBytes);
    }

    Settings withMaxMessageSize(int size) {
        return new Settings(callTimeoutMillis, size, sendQueueCapacity, receiveQueueCapacity, reassemblyTimeoutMillis,
                maxPendingReassemblies, duplicateWindowMillis, selection, technologyPreference, sendBlockMillis, receiveQueueBytes, reassemblyBytes);
    }

    Settings withByteBounds(long receiveQueue, long reassembly) {
        return new Settings(callTimeoutMillis, maxMessageSize, sendQueueCapacity, receiveQueueCapacity, reassemblyTimeoutMillis,
                maxPendingReassemblies, duplicateWindowMillis, selection, technologyPreference, sendBlockMillis, receiveQueue, reassembly);
    }
}
