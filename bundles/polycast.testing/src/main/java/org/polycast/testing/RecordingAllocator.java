package org.polycast.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;

/**
 * An allocator for {@code EmbeddedChannel}s that keeps every buffer it hands out, so a test can assert that an encoder released
 * them on its failure paths; {@link #shortBy} makes every buffer that many bytes smaller than asked for, so that writing into it
 * fails half-way.
 */
public final class RecordingAllocator extends AbstractByteBufAllocator {
    private final List<ByteBuf> handedOut = new CopyOnWriteArrayList<>();
    private final int shortBy;

    private RecordingAllocator(int shortBy) {
        super(false);
        this.shortBy = shortBy;
    }

    public static RecordingAllocator exact() {
        return new RecordingAllocator(0);
    }

    /** Hands out buffers {@code bytes} smaller than asked for (and unable to grow). */
    public static RecordingAllocator shortBy(int bytes) {
        return new RecordingAllocator(bytes);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return keep(shortBy == 0 ? new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity)
                : new UnpooledHeapByteBuf(this, shrunk(initialCapacity), shrunk(initialCapacity)));
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return keep(shortBy == 0 ? new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity)
                : new UnpooledDirectByteBuf(this, shrunk(initialCapacity), shrunk(initialCapacity)));
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    private int shrunk(int capacity) {
        return Math.max(0, capacity - shortBy);
    }

    private ByteBuf keep(ByteBuf b) {
        handedOut.add(b);
        return b;
    }

    /** Every buffer handed out so far. */
    public List<ByteBuf> handedOut() {
        return List.copyOf(handedOut);
    }

    /** The buffers handed out that are still held (reference count above zero). */
    public List<ByteBuf> unreleased() {
        return handedOut.stream().filter(b -> b.refCnt() > 0).toList();
    }
}
