package org.polycast.reload.internal.link;

import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.polycast.api.overlay.AppLink;
import org.polycast.reload.internal.applink.AppLinkPreamble;
import org.polycast.reload.internal.wire.NodeId;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;

/**
 * An application link over one TLS connection. Frames are packed into batch buffers of {@value #BATCH} octets as they are
 * sent (from any thread); a full batch, and the last one at {@link #flush()}, go to the link's event loop, which writes
 * them and flushes once per burst: a burst of small frames costs a few buffers, one hand-over and one flush, and the TLS
 * handler packs it into full records.
 */
final class TlsAppLink implements AppLink {
    private final Channel channel;
    private final NodeId peer;
    private final int application;
    private final Queue<ByteBuf> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean flushRequested;
    /** Octets per batch buffer: a TLS record's worth. */
    static final int BATCH = 16 * 1024;
    /** The batch frames are packed into now; guarded by this. */
    private ByteBuf batch;
    volatile String closeReason;

    TlsAppLink(Channel channel, NodeId peer, int application) {
        this.channel = channel;
        this.peer = peer;
        this.application = application;
    }

    @Override
    public String peer() {
        return peer.hex();
    }

    @Override
    public int applicationId() {
        return application;
    }

    @Override
    public boolean send(ByteBuffer... parts) {
        int length = 0;
        for (ByteBuffer p : parts) {
            length += p.remaining();
        }
        if (length > AppLinkPreamble.MAX_FRAME) {
            throw new IllegalArgumentException("a frame of " + length + " octets is longer than " + AppLinkPreamble.MAX_FRAME);
        }
        if (closing.get() || !channel.isActive()) {
            return false;
        }
        int size = AppLinkPreamble.LENGTH_FIELD + length;
        ByteBuf full = null;
        synchronized (this) {
            if (batch == null || batch.writableBytes() < size) {
                full = batch;
                batch = channel.alloc().directBuffer(Math.max(BATCH, size));
            }
            batch.writeMedium(length);
            for (ByteBuffer p : parts) {
                batch.writeBytes(p.duplicate());
            }
        }
        queuedBytes.addAndGet(size);
        if (full != null) {
            queue.add(full);
            scheduleDrain();
        }
        return true;
    }

    @Override
    public void flush() {
        ByteBuf last;
        synchronized (this) {
            last = batch;
            batch = null;
        }
        if (last != null) {
            queue.add(last);
        }
        flushRequested = true;
        if (channel.eventLoop().inEventLoop()) {
            drain();
        } else {
            scheduleDrain();
        }
    }

    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(this::drain);
        }
    }

    private void drain() {
        drainScheduled.set(false);
        boolean flush = flushRequested;
        flushRequested = false;
        for (ByteBuf frames; (frames = queue.poll()) != null;) {
            queuedBytes.addAndGet(-frames.readableBytes());
            channel.write(frames, channel.voidPromise());
        }
        if (flush) {
            channel.flush();
        }
    }

    @Override
    public boolean writable() {
        return channel.isWritable();
    }

    @Override
    public long pendingBytes() {
        ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        return queuedBytes.get() + (out == null ? 0 : out.totalPendingWriteBytes());
    }

    @Override
    public void setReading(boolean reading) {
        channel.config().setAutoRead(reading);
    }

    @Override
    public void close(String reason) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closeReason = reason;
        flush();
        channel.eventLoop().execute(() -> {
            drain();
            // The empty write completes after everything queued before it is written; then TLS says close_notify.
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        });
    }

    /** Frames still queued when the channel went away. */
    void discardQueued() {
        synchronized (this) {
            if (batch != null) {
                queue.add(batch);
                batch = null;
            }
        }
        for (ByteBuf frame; (frame = queue.poll()) != null;) {
            frame.release();
        }
        queuedBytes.set(0);
    }

    @Override
    public String toString() {
        return "app link " + application + " to " + peer.shortHex() + "@" + channel.remoteAddress();
    }
}
