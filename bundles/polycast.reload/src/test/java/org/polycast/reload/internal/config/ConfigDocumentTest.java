package org.polycast.reload.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.polycast.reload.internal.message.DataModel;

class ConfigDocumentTest {
    private static final String NS = "xmlns=\"urn:ietf:params:xml:ns:p2p:config-base\" xmlns:chord=\"urn:ietf:params:xml:ns:p2p:config-chord\"";

    @Test
    void defaultsApplyWhereTheDocumentIsSilent() {
        OverlayConfig c = ConfigDocument.parse(("<overlay " + NS + "><configuration instance-name=\"overlay.example.org\" sequence=\"22\">"
                + "<no-ice>true</no-ice><bootstrap-node address=\"192.0.2.1\" port=\"6084\"/><bootstrap-node address=\"192.0.2.2\"/>"
                + "<required-kinds><kind-block><kind name=\"SIP-REGISTRATION\"><data-model>DICTIONARY</data-model><access-control>USER-MATCH"
                + "</access-control><max-count>1</max-count><max-size>100</max-size></kind></kind-block></required-kinds>"
                + "</configuration></overlay>").getBytes(StandardCharsets.UTF_8));
        assertEquals("overlay.example.org", c.instanceName());
        assertEquals(0x9aa32b8d, c.overlayHash());
        assertEquals(22, c.sequence());
        assertEquals(5000, c.maxMessageSize());
        assertEquals(100, c.initialTtl());
        assertEquals(3000, c.reliabilityTimerMillis());
        assertEquals(2, c.bootstrapNodes().size());
        assertEquals(6084, c.bootstrapNodes().get(1).getPort());
        assertEquals(DataModel.DICTIONARY, c.modelOf(1));
        assertTrue(c.chordReactive());
        c.requireSupported();
    }

    @Test
    void theHighestSequenceWinsAndBadDocumentsSayWhy() {
        OverlayConfig c = ConfigDocument.parse(("<overlay " + NS + "><configuration instance-name=\"x\" sequence=\"1\"><no-ice>true</no-ice></configuration>"
                + "<configuration instance-name=\"x\" sequence=\"3\"><no-ice>true</no-ice><chord:chord-update-interval>30</chord:chord-update-interval>"
                + "</configuration></overlay>").getBytes(StandardCharsets.UTF_8));
        assertEquals(3, c.sequence());
        assertEquals(30, c.chordUpdateIntervalSeconds());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ConfigDocument.parse("<overlay".getBytes())).getMessage().contains("XML"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ConfigDocument.parse(("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<overlay " + NS + "><configuration instance-name=\"&e;\"/></overlay>").getBytes())).getMessage().contains("XML"));
        OverlayConfig ice = ConfigDocument.parse(("<overlay " + NS + "><configuration instance-name=\"x\"/></overlay>").getBytes());
        assertTrue(assertThrows(IllegalArgumentException.class, ice::requireSupported).getMessage().contains("no-ice"));
    }
}
