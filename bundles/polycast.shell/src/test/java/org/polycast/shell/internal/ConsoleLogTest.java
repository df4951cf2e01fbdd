package org.polycast.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.osgi.service.log.LogLevel;

class ConsoleLogTest {
    @Test
    void levelsAreParsedAndImplyTheHigherOnes() {
        assertEquals(LogLevel.WARN, ConsoleLog.level(" warn "));
        assertNull(ConsoleLog.level("OFF"));
        assertTrue(ConsoleLog.level("WARN").implies(LogLevel.ERROR));
        assertTrue(!ConsoleLog.level("WARN").implies(LogLevel.INFO));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ConsoleLog.level("loud")).getMessage().contains("ERROR, WARN"));
    }
}
