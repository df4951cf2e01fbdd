package org.polycast.shell.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.log.admin.LoggerAdmin;

/**
 * Applies the Log Service's per-bundle levels ({@code conf/org.osgi.service.log.admin|BSN.cfg}, OSGi Log 1.4 section
 * 101.8.2: keys are logger names, {@code ROOT} for the whole bundle, values ERROR, WARN, INFO, DEBUG, TRACE) at start-up.
 * Felix Log takes such a configuration only from a Configuration Admin event, that is when its file changes while the
 * runtime runs; one that exists when the runtime starts (persisted, or read by File Install before Felix Log listened)
 * never reached it. Later changes still go the standard way.
 */
@Component(immediate = true, service = {})
public class BundleLogLevels {
    static final String PREFIX = "org.osgi.service.log.admin|";

    @Activate
    public BundleLogLevels(@Reference ConfigurationAdmin configurations, @Reference LoggerAdmin loggers,
            @Reference(service = LoggerFactory.class) Logger log) throws IOException, InvalidSyntaxException {
        Configuration[] found = configurations.listConfigurations("(" + Constants.SERVICE_PID + "=" + PREFIX + "*)");
        for (Configuration c : found == null ? new Configuration[0] : found) {
            String context = c.getPid().substring(PREFIX.length());
            try {
                loggers.getLoggerContext(context).setLogLevels(levels(c.getProperties()));
            } catch (IllegalArgumentException e) {
                log.warn("log levels of " + context + " (" + c.getPid() + ") not applied: " + e.getMessage());
            }
        }
    }

    /**
     * The levels of a configuration: every property but the framework's own ({@code service.pid} and the like).
     *
     * @throws IllegalArgumentException naming the logger whose value is not a level
     */
    static Map<String, LogLevel> levels(Dictionary<String, Object> properties) {
        Map<String, LogLevel> levels = new LinkedHashMap<>();
        if (properties == null) {
            return levels;
        }
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (key.startsWith("service.") || key.startsWith("felix.") || key.startsWith("component.")) {
                continue;
            }
            String value = String.valueOf(properties.get(key)).trim().toUpperCase(Locale.ROOT);
            try {
                levels.put(key, LogLevel.valueOf(value));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("logger " + key + " has level '" + properties.get(key) + "'; one of AUDIT, ERROR, WARN, INFO, DEBUG, TRACE");
            }
        }
        return levels;
    }
}
