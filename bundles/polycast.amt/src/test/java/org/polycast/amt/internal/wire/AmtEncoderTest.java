package org.polycast.amt.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.polycast.testing.RecordingAllocator;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.EncoderException;

/** The encoder's buffers are released on its failure path as on its success path. */
class AmtEncoderTest {
    private static final AmtDatagram DATA = new AmtDatagram(new AmtMessage.MulticastData(new byte[100]), new InetSocketAddress("198.18.0.1", 2268));

    @Test
    void anEncodedDatagramIsHandedOnAndReleasedByItsReader() {
        RecordingAllocator alloc = RecordingAllocator.exact();
        EmbeddedChannel channel = new EmbeddedChannel(new AmtEncoder());
        channel.config().setAllocator(alloc);
        channel.writeOutbound(DATA);
        DatagramPacket packet = channel.readOutbound();
        assertEquals(AmtCodec.length(DATA.message()), packet.content().readableBytes());
        packet.release();
        assertEquals(List.of(), alloc.unreleased());
        assertFalse(channel.finish(), "nothing else was written");
    }

    @Test
    void aDatagramThatFailsHalfWayThroughEncodingReleasesItsBuffer() {
        RecordingAllocator alloc = RecordingAllocator.shortBy(1);
        EmbeddedChannel channel = new EmbeddedChannel(new AmtEncoder());
        channel.config().setAllocator(alloc);
        assertThrows(EncoderException.class, () -> channel.writeOutbound(DATA));
        assertFalse(alloc.handedOut().isEmpty(), "the encoder took a buffer");
        assertEquals(List.of(), alloc.unreleased(), "and released it when encoding failed");
        assertFalse(channel.finish(), "nothing was written");
    }
}
