package org.polycast.common.internal;

import java.util.function.Supplier;

import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Logging through the OSGi Log Service for a component that holds an optional, dynamic {@code LoggerFactory}
 * reference: the supplier reads that field, so a log service that comes later is used from then on. Without one
 * the entry is dropped (every Polycast image installs Felix Log; a bare framework is a test's choice).
 */
public final class BundleLog {
    private final Class<?> owner;
    private final Supplier<LoggerFactory> factory;

    public BundleLog(Class<?> owner, Supplier<LoggerFactory> factory) {
        this.owner = owner;
        this.factory = factory;
    }

    private Logger logger() {
        LoggerFactory f = factory.get();
        return f == null ? null : f.getLogger(owner, Logger.class);
    }

    public void info(String message) {
        Logger l = logger();
        if (l != null) {
            l.info(message);
        }
    }

    public void warn(String message) {
        Logger l = logger();
        if (l != null) {
            l.warn(message);
        }
    }

    public void warn(String message, Throwable cause) {
        Logger l = logger();
        if (l != null) {
            l.warn(message, cause);
        }
    }

    public void error(String message, Throwable cause) {
        Logger l = logger();
        if (l != null) {
            l.error(message, cause);
        }
    }
}
