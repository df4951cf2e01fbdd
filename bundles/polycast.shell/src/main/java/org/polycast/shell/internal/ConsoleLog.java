package org.polycast.shell.internal;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Prints Log Service entries from the level configured (PID {@code org.polycast.console.log}, default
 * WARN) on the terminal's error stream, one line each: time, level, bundle, message, and for an
 * exception only its type and message, since expected network faults need no stack trace (with {@code --debug}, the trace too).
 */
@Component(configurationPid = "org.polycast.console.log", immediate = true, service = {})
@Designate(ocd = ConsoleLogConfig.class)
public class ConsoleLog implements LogListener {
    /** {@code ./polycast --debug}: stack traces as well. */
    private static final boolean DEBUG = Boolean.getBoolean("polycast.debug");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private final LogReaderService reader;
    /** The process's real error stream: Gogo replaces System.err per session. */
    private final PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    private volatile LogLevel threshold;

    @Activate
    public ConsoleLog(@Reference LogReaderService reader, ConsoleLogConfig config) {
        this.reader = reader;
        this.threshold = level(config.level());
        reader.addLogListener(this);
        // Entries logged before this component started (it starts with the shell, after the technologies).
        java.util.List<LogEntry> earlier = java.util.Collections.list(reader.getLog());
        java.util.Collections.reverse(earlier); // getLog() gives the newest first
        earlier.forEach(this::logged);
    }

    @Modified
    void modified(ConsoleLogConfig config) {
        threshold = level(config.level());
    }

    @Deactivate
    void deactivate() {
        reader.removeLogListener(this);
    }

    /** The level named, or null for OFF. */
    static LogLevel level(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT);
        if (n.equals("OFF")) {
            return null;
        }
        try {
            return LogLevel.valueOf(n);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("log level must be ERROR, WARN, INFO, DEBUG or OFF, was '" + name + "'");
        }
    }

    @Override
    public void logged(LogEntry entry) {
        LogLevel t = threshold;
        if (t == null || !t.implies(entry.getLogLevel())) {
            return;
        }
        err.println(format(entry));
        if (DEBUG && entry.getException() != null) {
            entry.getException().printStackTrace(err);
        }
    }

    static String format(LogEntry entry) {
        StringBuilder b = new StringBuilder(128).append(TIME.format(Instant.ofEpochMilli(entry.getTime()))).append(' ')
                .append(entry.getLogLevel()).append(' ')
                .append(entry.getBundle() != null ? entry.getBundle().getSymbolicName() : "?").append(": ").append(entry.getMessage());
        Throwable e = entry.getException();
        if (e != null) {
            b.append(" (").append(e.getClass().getSimpleName()).append(e.getMessage() != null ? ": " + e.getMessage() : "").append(')');
        }
        return b.toString();
    }
}
