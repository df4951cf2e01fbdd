package org.polycast.webconsole.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Refuses further attempts from an address that sent {@code maxFailures} wrong credentials within one window, until
 * the window has passed: guessing passwords at thousands a second becomes a handful a minute. Bounded in memory: the
 * table is emptied when it holds {@value #MAX_ADDRESSES} addresses (a spoofing flood only resets the counts).
 */
final class LoginThrottle {
    private static final int MAX_ADDRESSES = 4096;

    private record Window(long start, int failures) {
    }

    private final int maxFailures;
    private final long windowMillis;
    private final LongSupplier clock;
    private final Map<String, Window> windows = new HashMap<>();

    LoginThrottle(int maxFailures, long windowMillis, LongSupplier clockMillis) {
        this.maxFailures = maxFailures;
        this.windowMillis = windowMillis;
        this.clock = clockMillis;
    }

    /** True while the address is locked out. */
    synchronized boolean locked(String address) {
        Window w = windows.get(address);
        if (w == null) {
            return false;
        }
        if (clock.getAsLong() - w.start() >= windowMillis) {
            windows.remove(address);
            return false;
        }
        return w.failures() >= maxFailures;
    }

    synchronized void failed(String address) {
        long now = clock.getAsLong();
        Window w = windows.get(address);
        if (w == null || now - w.start() >= windowMillis) {
            if (windows.size() >= MAX_ADDRESSES) {
                windows.clear();
            }
            windows.put(address, new Window(now, 1));
        } else {
            windows.put(address, new Window(w.start(), w.failures() + 1));
        }
    }

    synchronized void succeeded(String address) {
        windows.remove(address);
    }
}
