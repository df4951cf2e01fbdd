package org.polycast.example.tunnel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;
import org.polycast.api.HamUri;

class TunnelFrameTest {
    @Test
    void roundTripAndEveryTruncationRefused() throws Exception {
        ByteBuffer frame = TunnelFrame.encode(HamUri.parse("ham:opaque:x"), ByteBuffer.wrap(new byte[] {1, 2, 3}));
        TunnelFrame f = TunnelFrame.decode(frame.duplicate());
        assertEquals(HamUri.parse("ham:opaque:x"), f.address());
        assertEquals(3, f.payload().remaining());
        for (int cut = 0; cut < 6 + 12; cut++) {
            ByteBuffer truncated = frame.duplicate().limit(cut);
            assertThrows(TunnelFrame.MalformedFrameException.class, () -> TunnelFrame.decode(truncated), "cut at " + cut);
        }
        ByteBuffer wrongMagic = frame.duplicate();
        wrongMagic.put(0, (byte) 0);
        assertThrows(TunnelFrame.MalformedFrameException.class, () -> TunnelFrame.decode(wrongMagic));
    }
}
