package org.polycast.ip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;

class DatagramBatcherTest {
    private static final InetSocketAddress GROUP = new InetSocketAddress("239.1.2.3", 5000);

    private final AtomicInteger flushes = new AtomicInteger();
    private final EmbeddedChannel channel = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
        @Override
        public void flush(ChannelHandlerContext ctx) {
            flushes.incrementAndGet();
            ctx.flush();
        }
    });
    private final DatagramBatcher batcher = new DatagramBatcher(channel, null, 1472);

    private static DatagramPacket packet(int n, int size) {
        return new DatagramPacket(Unpooled.buffer(size).writeInt(n).writeZero(size - 4), GROUP);
    }

    @Test
    void aBurstIsWrittenInOrderAndFlushedOnce() {
        for (int i = 0; i < 3; i++) {
            batcher.send(packet(i, 64));
        }
        assertNull(channel.readOutbound(), "nothing is written before the event loop drains");
        channel.runPendingTasks();
        for (int i = 0; i < 3; i++) {
            DatagramPacket p = channel.readOutbound();
            assertEquals(i, p.content().getInt(0));
            assertEquals(GROUP, p.recipient());
            p.release();
        }
        assertNull(channel.readOutbound());
        assertEquals(1, flushes.get());
        assertFalse(channel.finish());
    }

    @Test
    void aLoneDatagramIsFlushedByItself() {
        batcher.send(packet(7, 64));
        channel.runPendingTasks();
        DatagramPacket p = channel.readOutbound();
        assertEquals(7, p.content().getInt(0));
        p.release();
        batcher.send(packet(8, 64));
        channel.runPendingTasks();
        p = channel.readOutbound();
        assertEquals(8, p.content().getInt(0));
        p.release();
        assertEquals(2, flushes.get());
        assertFalse(channel.finish());
    }

    @Test
    void withGsoABurstOfEqualDatagramsIsWrittenAsOneSegmentedPacket() {
        EmbeddedChannel gsoChannel = new EmbeddedChannel();
        DatagramBatcher gso = new DatagramBatcher(gsoChannel, io.netty.channel.unix.SegmentedDatagramPacket::new, 1472);
        for (int i = 0; i < 4; i++) {
            gso.send(packet(i, 1000));
        }
        gso.send(new DatagramPacket(Unpooled.buffer(64).writeInt(9).writeZero(60), new InetSocketAddress("239.1.2.4", 5000)));
        gsoChannel.runPendingTasks();
        io.netty.channel.unix.SegmentedDatagramPacket burst = gsoChannel.readOutbound();
        assertEquals(1000, burst.segmentSize());
        assertEquals(4000, burst.content().readableBytes());
        for (int i = 0; i < 4; i++) {
            assertEquals(i, burst.content().getInt(i * 1000), "segments in the order sent");
        }
        burst.release();
        DatagramPacket other = gsoChannel.readOutbound();
        assertEquals(9, other.content().getInt(0));
        other.release();
        assertFalse(gsoChannel.finish());
    }

    @Test
    void moreThanAMegabyteQueuedCountsAsNotWritableUntilDrained() {
        assertTrue(batcher.isWritable());
        batcher.send(packet(1, 600_000));
        assertTrue(batcher.isWritable());
        batcher.send(packet(2, 600_000));
        assertFalse(batcher.isWritable());
        channel.runPendingTasks();
        channel.releaseOutbound();
        assertTrue(batcher.isWritable());
        assertFalse(channel.finish());
    }

    @Test
    void datagramsQueuedForAClosedChannelAreReleased() {
        channel.close();
        DatagramPacket p = packet(1, 64);
        batcher.send(p);
        channel.runPendingTasks();
        assertEquals(0, p.refCnt());

        DatagramPacket q = packet(2, 64);
        batcher.send(q);
        batcher.discardQueued();
        assertEquals(0, q.refCnt());
    }
}
