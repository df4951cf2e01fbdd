package org.polycast.ip.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;

/**
 * A receive buffer allocator for one channel that reads every datagram into the same buffer. The
 * buffer must hold the largest UDP payload (a plain sender may send one), and a pooled buffer of that
 * size is above the per-thread caches, so a fresh one per datagram costs a trip to the shared arena
 * to take it and another to give it back. Reuse is safe because the receive path copies what it
 * keeps before the pipeline releases the datagram: the buffer is reused only when this allocator
 * holds its last reference, and replaced otherwise. Used from the channel's event loop only.
 */
final class ReusedReceiveBuffer implements RecvByteBufAllocator {
    private final int capacity;
    private final FixedRecvByteBufAllocator sizing;
    private ByteBuf buffer;

    ReusedReceiveBuffer(int capacity) {
        this.capacity = capacity;
        this.sizing = new FixedRecvByteBufAllocator(capacity);
    }

    @Override
    public Handle newHandle() {
        return new ReusingHandle((ExtendedHandle) sizing.newHandle());
    }

    private ByteBuf take(ByteBufAllocator alloc) {
        ByteBuf b = buffer;
        if (b == null || b.refCnt() != 1) {
            if (b != null) {
                b.release(); // someone else still holds it: it becomes theirs alone
            }
            b = alloc.ioBuffer(capacity);
            buffer = b;
        }
        return b.retain().clear();
    }

    /** Gives up the buffer; called on the event loop when the channel has closed. */
    void release() {
        if (buffer != null) {
            buffer.release();
            buffer = null;
        }
    }

    private final class ReusingHandle implements ExtendedHandle {
        private final ExtendedHandle sizingHandle;

        ReusingHandle(ExtendedHandle sizingHandle) {
            this.sizingHandle = sizingHandle;
        }

        @Override
        public ByteBuf allocate(ByteBufAllocator alloc) {
            return take(alloc);
        }

        @Override
        public int guess() {
            return capacity;
        }

        @Override
        public void reset(ChannelConfig config) {
            sizingHandle.reset(config);
        }

        @Override
        public void incMessagesRead(int numMessages) {
            sizingHandle.incMessagesRead(numMessages);
        }

        @Override
        public void lastBytesRead(int bytes) {
            sizingHandle.lastBytesRead(bytes);
        }

        @Override
        public int lastBytesRead() {
            return sizingHandle.lastBytesRead();
        }

        @Override
        public void attemptedBytesRead(int bytes) {
            sizingHandle.attemptedBytesRead(bytes);
        }

        @Override
        public int attemptedBytesRead() {
            return sizingHandle.attemptedBytesRead();
        }

        @Override
        public boolean continueReading() {
            return sizingHandle.continueReading();
        }

        @Override
        public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
            return sizingHandle.continueReading(maybeMoreDataSupplier);
        }

        @Override
        public void readComplete() {
            sizingHandle.readComplete();
        }
    }
}
