package org.polycast.loopback.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.polycast.api.HamUri;
import org.polycast.api.MembershipEventType;
import org.polycast.api.spi.InterfaceContext;

class LoopbackInterfaceTest {
    private final List<String> delivered = new ArrayList<>();
    private final InterfaceContext context = new InterfaceContext() {
        @Override
        public int interfaceIndex() {
            return 1;
        }

        @Override
        public void deliver(HamUri address, ByteBuffer payload, String source) {
            byte[] b = new byte[payload.remaining()];
            payload.get(b);
            delivered.add(address + " " + new String(b) + " " + source);
        }

        @Override
        public void membershipEvent(MembershipEventType type, HamUri address, String source) {
        }

        @Override
        public void atomicMessageSizeChanged() {
        }

        @Override
        public void malformed(String reason) {
        }

        @Override
        public void sendBufferAvailable() {
        }
    };

    @Test
    void deliversOnlyWhatWasJoined() {
        LoopbackInterface lo = new LoopbackInterface();
        lo.open(context);
        HamUri g = HamUri.parse("ham:sip:news@example.org");
        assertEquals(Optional.of(g), lo.map(HamUri.parse("ham:sip:news@example.org/alg;v")), "canonical mapping, credentials dropped");
        lo.send(g, ByteBuffer.wrap("before".getBytes()), 0);
        lo.join(g);
        lo.send(g, ByteBuffer.wrap("during".getBytes()), 0);
        lo.leave(g);
        lo.send(g, ByteBuffer.wrap("after".getBytes()), 0);
        assertEquals(List.of("ham:sip:news@example.org during loopback"), delivered);
    }

    @Test
    void refusesOversizeDatagramsAndBadConfiguration() {
        LoopbackInterface lo = new LoopbackInterface();
        lo.open(context);
        assertThrows(IllegalArgumentException.class, () -> lo.send(HamUri.parse("ham:opaque:x"), ByteBuffer.allocate(70000), 0));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LoopbackInterface.checkedSize(100)).getMessage().contains("512 to 65507"));
        assertEquals(1200, LoopbackInterface.checkedSize(1200));
    }
}
