package org.polycast.embedded.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Passes the embedded runtime's Log Service entries from WARN up to the platform logger ({@link System.Logger}, by default
 * java.util.logging on standard error), one logger per bundle named by its symbolic name: a plain Java program sees the
 * warnings and errors of its Polycast (a technology that failed, a malformed packet counted) as it sees its own. What
 * reaches the Log Service at all is its own setting (WARN by default); INFO and below stay there (framework events
 * alone are many lines a second at start-up).
 */
public final class LogForwarding implements LogListener {
    private final ServiceTracker<LogReaderService, LogReaderService> readers;

    public LogForwarding(BundleContext context) {
        readers = new ServiceTracker<>(context, LogReaderService.class, null) {
            @Override
            public LogReaderService addingService(ServiceReference<LogReaderService> reference) {
                LogReaderService reader = super.addingService(reference);
                if (reader != null) {
                    reader.addLogListener(LogForwarding.this);
                    // What was logged before this listener came (the bundles started first), oldest first.
                    List<LogEntry> earlier = new ArrayList<>(Collections.list(reader.getLog()));
                    Collections.reverse(earlier);
                    earlier.forEach(LogForwarding.this::logged);
                }
                return reader;
            }

            @Override
            public void removedService(ServiceReference<LogReaderService> reference, LogReaderService reader) {
                reader.removeLogListener(LogForwarding.this);
                super.removedService(reference, reader);
            }
        };
        readers.open();
    }

    @Override
    public void logged(LogEntry entry) {
        System.Logger.Level level = level(entry.getLogLevel());
        if (level == null) {
            return;
        }
        String bundle = entry.getBundle() == null ? "polycast" : entry.getBundle().getSymbolicName();
        System.Logger logger = System.getLogger(bundle == null ? "polycast" : bundle);
        if (logger.isLoggable(level)) {
            if (entry.getException() != null) {
                logger.log(level, entry.getMessage(), entry.getException());
            } else {
                logger.log(level, entry.getMessage());
            }
        }
    }

    /** The platform level of a Log Service level that is forwarded, null for one that is not (below WARN). */
    static System.Logger.Level level(LogLevel level) {
        return switch (level) {
            case AUDIT, ERROR -> System.Logger.Level.ERROR;
            case WARN -> System.Logger.Level.WARNING;
            default -> null;
        };
    }

    public void close() {
        readers.close();
    }
}
