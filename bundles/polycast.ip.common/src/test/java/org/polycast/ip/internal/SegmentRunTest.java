package org.polycast.ip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.SegmentedDatagramPacket;

class SegmentRunTest {
    private static final InetSocketAddress GROUP = new InetSocketAddress("239.1.2.3", 5000);
    private static final InetSocketAddress OTHER = new InetSocketAddress("239.1.2.4", 5000);
    private static final SegmentRun.Segmenter SEGMENTER = SegmentedDatagramPacket::new;

    private final SegmentRun run = new SegmentRun(1472);
    private final List<DatagramPacket> left = new ArrayList<>();

    private DatagramPacket packet(int size, InetSocketAddress to) {
        DatagramPacket p = new DatagramPacket(Unpooled.buffer(size).writeZero(size), to);
        left.add(p);
        return p;
    }

    @AfterEach
    void releaseWhatTheRunDidNotTake() {
        left.stream().filter(p -> p.refCnt() > 0).forEach(DatagramPacket::release);
    }

    @Test
    void theFragmentsOfAMessageBecomeOneGsoPacketCutAtTheirSize() {
        for (int i = 0; i < 5; i++) {
            assertTrue(run.offer(packet(1472, GROUP)));
        }
        assertTrue(run.offer(packet(700, GROUP)), "a shorter last segment ends the run");
        assertFalse(run.offer(packet(1472, GROUP)), "nothing follows a short segment");
        assertEquals(6, run.count());
        DatagramPacket gso = run.take(ByteBufAllocator.DEFAULT, SEGMENTER);
        SegmentedDatagramPacket segmented = (SegmentedDatagramPacket) gso;
        assertEquals(1472, segmented.segmentSize());
        assertEquals(5 * 1472 + 700, segmented.content().readableBytes());
        assertEquals(GROUP, segmented.recipient());
        assertTrue(run.isEmpty());
        gso.release();
    }

    @Test
    void aLoneDatagramStaysItself() {
        DatagramPacket p = packet(100, GROUP);
        assertTrue(run.offer(p));
        assertSame(p, run.take(ByteBufAllocator.DEFAULT, SEGMENTER));
    }

    @Test
    void runsEndAtAnotherDestinationALargerDatagramOrTheKernelsLimits() {
        assertTrue(run.offer(packet(1000, GROUP)));
        assertFalse(run.offer(packet(1000, OTHER)));
        assertFalse(run.offer(packet(1001, GROUP)));
        run.take(ByteBufAllocator.DEFAULT, SEGMENTER).release();

        assertFalse(run.offer(packet(1473, GROUP)), "larger than the MTU allows: the kernel would refuse the segment");
        assertFalse(run.offer(packet(0, GROUP)));

        for (int i = 0; i < SegmentRun.MAX_SEGMENTS; i++) {
            assertTrue(run.offer(packet(64, GROUP)));
        }
        assertFalse(run.offer(packet(64, GROUP)), "UDP_MAX_SEGMENTS");
        run.take(ByteBufAllocator.DEFAULT, SEGMENTER).release();

        int fit = SegmentRun.MAX_BYTES / 1400;
        for (int i = 0; i < fit; i++) {
            assertTrue(run.offer(packet(1400, GROUP)));
        }
        assertFalse(run.offer(packet(1400, GROUP)), "the whole GSO packet must stay below the UDP limit");
        run.take(ByteBufAllocator.DEFAULT, SEGMENTER).release();
    }
}
