package org.polycast.reload.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.polycast.testing.RecordingAllocator;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;

/** The frame encoder's buffers are released when a frame cannot be written, as when it can. */
class FrameEncoderTest {
    @Test
    void aFrameIsWrittenWithItsHeader() {
        RecordingAllocator alloc = RecordingAllocator.exact();
        EmbeddedChannel channel = new EmbeddedChannel(new FrameEncoder());
        channel.config().setAllocator(alloc);
        channel.writeOutbound(new Frame.Data(7, new byte[10]));
        ByteBuf out = channel.readOutbound();
        assertEquals(1 + 4 + 3 + 10, out.readableBytes());
        out.release();
        assertEquals(List.of(), alloc.unreleased());
        assertFalse(channel.finish());
    }

    @Test
    void aMessageTooLongForAFrameIsRefusedAndItsBufferReleased() {
        RecordingAllocator alloc = RecordingAllocator.exact();
        EmbeddedChannel channel = new EmbeddedChannel(new FrameEncoder());
        channel.config().setAllocator(alloc);
        EncoderException e = assertThrows(EncoderException.class, () -> channel.writeOutbound(new Frame.Data(1, new byte[0x1000000])));
        assertEquals("a message of 16777216 octets does not fit a frame", e.getCause().getMessage());
        assertFalse(alloc.handedOut().isEmpty(), "the encoder took a buffer");
        assertEquals(List.of(), alloc.unreleased(), "and released it");
        assertFalse(channel.finish());
    }

    @Test
    void aFrameThatFailsHalfWayReleasesItsBuffer() {
        // MessageToByteEncoder asks for 256 bytes first; 255 that cannot grow make a 308-byte frame fail in the middle
        RecordingAllocator alloc = RecordingAllocator.shortBy(1);
        EmbeddedChannel channel = new EmbeddedChannel(new FrameEncoder());
        channel.config().setAllocator(alloc);
        assertThrows(EncoderException.class, () -> channel.writeOutbound(new Frame.Data(1, new byte[300])));
        assertEquals(List.of(), alloc.unreleased());
        assertFalse(channel.finish());
    }
}
