package org.polycast.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Hashtable;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.service.log.LogLevel;

class BundleLogLevelsTest {
    @Test
    void levelsAreReadCaseInsensitivelyAndTheFrameworksOwnPropertiesAreSkipped() {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("ROOT", "info");
        p.put("org.polycast.core.internal.Middleware", " DEBUG ");
        p.put("service.pid", "org.osgi.service.log.admin|polycast.core");
        p.put("felix.fileinstall.filename", "file:/x/conf/org.osgi.service.log.admin|polycast.core.cfg");
        assertEquals(Map.of("ROOT", LogLevel.INFO, "org.polycast.core.internal.Middleware", LogLevel.DEBUG), BundleLogLevels.levels(p));
        assertEquals(Map.of(), BundleLogLevels.levels(null));
    }

    @Test
    void aValueThatIsNoLevelIsRefusedNamingTheLoggerAndTheValue() {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("ROOT", "LOUD");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BundleLogLevels.levels(p));
        assertEquals("logger ROOT has level 'LOUD'; one of AUDIT, ERROR, WARN, INFO, DEBUG, TRACE", e.getMessage());
    }
}
