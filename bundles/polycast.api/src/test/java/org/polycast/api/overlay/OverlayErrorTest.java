package org.polycast.api.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OverlayErrorTest {
    @Test
    void registeredCodesCarryTheRegistryNames() {
        assertEquals("Error_Forbidden", OverlayError.FORBIDDEN.name());
        assertEquals("Error_Not_Found", OverlayError.of(3).name());
        assertEquals("Error_Exp_A", OverlayError.EXP_A.name());
        assertEquals("Error_Invalid_Message", OverlayError.of(0x14).name());
        assertEquals(OverlayError.DATA_TOO_OLD, OverlayError.of(9), "a value type: equal by code");
        assertTrue(OverlayError.INCOMPATIBLE_WITH_OVERLAY.registered());
    }

    @Test
    void codesBeyondTheRegistryAreValuesNamedByNumber() {
        assertFalse(OverlayError.of(0x15).registered());
        assertEquals("Error_21", OverlayError.of(0x15).name());
        assertFalse(OverlayError.of(1).registered(), "code 1 is reserved");
        assertEquals("no answer", OverlayError.NO_ANSWER.name());
    }

    @Test
    void aCodeOutsideSixteenBitsIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OverlayError.of(0x10000));
        assertEquals("a RELOAD error code is 16 bits (0 to 65535), not 65536", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new OverlayException(-1, "x"));
    }

    @Test
    void anExceptionCarriesItsErrorTyped() {
        OverlayException e = new OverlayException(OverlayError.NOT_FOUND, "no such application", new byte[] {1});
        assertEquals(OverlayError.NOT_FOUND, e.error());
        assertEquals(3, e.errorCode());
        assertEquals(OverlayError.FORBIDDEN, new OverlayException(2, "refused").error());
        assertThrows(NullPointerException.class, () -> new OverlayException((OverlayError) null, "x"));
    }
}
