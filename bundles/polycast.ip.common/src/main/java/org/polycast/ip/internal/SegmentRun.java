package org.polycast.ip.internal;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.socket.DatagramPacket;

/**
 * Consecutive datagrams to one destination that the kernel can send as one UDP GSO (UDP_SEGMENT)
 * packet: all of one size, except that the last may be shorter. The kernel cuts it back into the
 * same datagrams, so the wire sees no difference; the host's stack is crossed once, not once per
 * datagram. Fits the fragments of a large message (equal but for the last) and streams of
 * equal-sized messages.
 */
final class SegmentRun {
    /** The kernel's UDP_MAX_SEGMENTS. */
    static final int MAX_SEGMENTS = 64;
    /** Below the 65,507-byte UDP limit that the whole GSO packet must respect. */
    static final int MAX_BYTES = 60_000;

    /** Builds the GSO packet (the transport's own class); takes over the content. */
    interface Segmenter {
        DatagramPacket segmented(ByteBuf content, int segmentSize, InetSocketAddress recipient);
    }

    private final List<DatagramPacket> packets = new ArrayList<>(MAX_SEGMENTS);
    /** The largest datagram that leaves unfragmented (the MTU less IP and UDP headers): the kernel refuses larger segments. */
    private final int maxSegmentSize;
    private InetSocketAddress recipient;
    private int segmentSize;
    private int bytes;
    private boolean closedByShortSegment;

    SegmentRun(int maxSegmentSize) {
        this.maxSegmentSize = Math.min(maxSegmentSize, MAX_BYTES);
    }

    boolean isEmpty() {
        return packets.isEmpty();
    }

    int count() {
        return packets.size();
    }

    /** Takes the packet into this run if it can join it; false leaves the packet to the caller. */
    boolean offer(DatagramPacket packet) {
        int size = packet.content().readableBytes();
        if (packets.isEmpty()) {
            if (size == 0 || size > maxSegmentSize) {
                return false;
            }
            recipient = packet.recipient();
            segmentSize = size;
        } else if (closedByShortSegment || size == 0 || size > segmentSize || packets.size() == MAX_SEGMENTS
                || bytes + size > MAX_BYTES || !recipient.equals(packet.recipient())) {
            return false;
        }
        closedByShortSegment = size < segmentSize;
        packets.add(packet);
        bytes += size;
        return true;
    }

    /** The run as one packet (a lone datagram as itself), and empties this run. */
    DatagramPacket take(ByteBufAllocator alloc, Segmenter segmenter) {
        DatagramPacket result;
        if (packets.size() == 1) {
            result = packets.get(0);
        } else {
            CompositeByteBuf content = alloc.compositeDirectBuffer(packets.size());
            for (DatagramPacket p : packets) {
                content.addComponent(true, p.content());
            }
            result = segmenter.segmented(content, segmentSize, recipient);
        }
        packets.clear();
        bytes = 0;
        closedByShortSegment = false;
        recipient = null;
        return result;
    }
}
