package org.polycast.ip.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;

/**
 * Hands datagrams from application threads to a sending channel's event loop in batches. A
 * {@code writeAndFlush} from a foreign thread is one event-loop task and one {@code sendto} per
 * datagram; here a burst becomes one task, writes, and a single flush, which the epoll transport
 * turns into one {@code sendmmsg} for the lot (the fragments of a large message, or a fast stream).
 * Where the transport can, runs of datagrams that fit one UDP GSO packet ({@link SegmentRun}) are
 * written as one. Every datagram still leaves as its own datagram: nothing is bundled on the wire,
 * and a lone datagram is flushed at once.
 */
final class DatagramBatcher {
    /** Datagrams written per task before the loop flushes and lets other tasks run (sendmmsg takes up to 1024). */
    private static final int MAX_BATCH = 256;
    /** Bytes queued here (not yet in Netty's outbound buffer) above which the sender counts as not writable. */
    private static final long HIGH_WATER_BYTES = 1024 * 1024;

    private final Channel channel;
    /** Null where the transport cannot send UDP GSO packets: then each datagram is written alone. */
    private volatile SegmentRun.Segmenter segmenter;
    private final SegmentRun run;
    private final Queue<DatagramPacket> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Runnable drain = this::drain;

    /** @param maxSegmentSize the largest datagram the network interface sends unfragmented */
    DatagramBatcher(Channel channel, SegmentRun.Segmenter segmenter, int maxSegmentSize) {
        this.channel = channel;
        this.segmenter = segmenter;
        this.run = new SegmentRun(maxSegmentSize);
    }

    Channel channel() {
        return channel;
    }

    /** False while the channel's outbound buffer or this queue is above its high-water mark. */
    boolean isWritable() {
        return channel.isWritable() && queuedBytes.get() < HIGH_WATER_BYTES;
    }

    /** Queues the datagram (this takes over its buffer) and makes sure a drain is on its way. */
    void send(DatagramPacket packet) {
        queuedBytes.addAndGet(packet.content().readableBytes());
        queue.offer(packet);
        // A drain clears the flag before it polls, so a datagram queued before a failed CAS is always seen.
        if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
            schedule();
        }
    }

    private void schedule() {
        try {
            channel.eventLoop().execute(drain);
        } catch (RejectedExecutionException stopped) {
            // The event loop has shut down with the Interface: what is queued can never be sent.
            scheduled.set(false);
            discardQueued();
        }
    }

    private void drain() {
        scheduled.set(false);
        int written = 0;
        SegmentRun.Segmenter segmenter = this.segmenter;
        DatagramPacket packet;
        while (written < MAX_BATCH && (packet = queue.poll()) != null) {
            queuedBytes.addAndGet(-packet.content().readableBytes());
            written++;
            if (segmenter == null) {
                write(packet);
            } else if (!run.offer(packet)) {
                if (!run.isEmpty()) {
                    writeRun(segmenter);
                }
                if (!run.offer(packet)) {
                    write(packet);
                }
            }
        }
        if (!run.isEmpty()) {
            writeRun(segmenter);
        }
        channel.flush();
        if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
            schedule();
        }
    }

    private void writeRun(SegmentRun.Segmenter segmenter) {
        boolean segmented = run.count() > 1;
        DatagramPacket packet = run.take(channel.alloc(), segmenter);
        if (!segmented) {
            write(packet);
            return;
        }
        // A kernel that refuses the GSO packet (say the MTU shrank below the segment size) loses this run; later
        // datagrams go out one by one.
        channel.write(packet).addListener(f -> {
            if (!f.isSuccess()) {
                this.segmenter = null;
            }
        });
    }

    private void write(DatagramPacket packet) {
        // Written to a closed channel, the datagram is released by Netty.
        channel.write(packet, channel.voidPromise());
    }

    /** Releases what is still queued, when no drain can run any more (the event loop has stopped). */
    void discardQueued() {
        DatagramPacket packet;
        while ((packet = queue.poll()) != null) {
            queuedBytes.addAndGet(-packet.content().readableBytes());
            packet.release();
        }
    }
}
