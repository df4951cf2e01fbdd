package org.polycast.common.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HostPortTest {
    @Test
    void theFormsOperatorsWrite() {
        assertEquals(new HostPort("198.18.0.1", 6084), HostPort.parse("198.18.0.1:6084", null, 6084));
        assertEquals(new HostPort("peer.example", 6084), HostPort.parse("peer.example", null, 6084), "a bare host, the default port");
        assertEquals(new HostPort("2001:2::1", 7000), HostPort.parse("[2001:2::1]:7000", null, 6084));
        assertEquals(new HostPort("2001:2::1", 6084), HostPort.parse("[2001:2::1]", null, 6084));
        assertEquals(new HostPort("127.0.0.1", 5000), HostPort.parse("5000", "127.0.0.1", 0), "a bare port, the default host");
    }

    @Test
    void whatIsWrongIsNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HostPort.parse("h:99999", null, 1)).getMessage().contains("out of range (1 to 65535)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HostPort.parse("h:port", null, 1)).getMessage().contains("'port' is not a number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HostPort.parse("2001:2::1", null, 1)).getMessage().contains("in brackets"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HostPort.parse("[::1]x", null, 1)).getMessage().contains("[ADDRESS]:PORT"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HostPort.parse("host", "127.0.0.1", 0)).getMessage().contains("a port is needed"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HostPort.parse(" ", null, 1)).getMessage().contains("an address is needed"));
    }
}
