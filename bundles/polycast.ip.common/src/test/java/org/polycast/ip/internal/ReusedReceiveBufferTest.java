package org.polycast.ip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;

class ReusedReceiveBufferTest {
    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private final ReusedReceiveBuffer receiveBuffer = new ReusedReceiveBuffer(65536);
    private final RecvByteBufAllocator.Handle handle = receiveBuffer.newHandle();

    @Test
    void aReleasedDatagramsBufferIsReusedEmpty() {
        ByteBuf first = handle.allocate(alloc);
        assertEquals(65536, first.writableBytes());
        first.writeInt(42);
        first.release(); // the pipeline is done with the datagram
        ByteBuf second = handle.allocate(alloc);
        assertSame(first, second);
        assertEquals(0, second.readableBytes());
        assertEquals(65536, handle.guess());
        second.release();
        receiveBuffer.release();
        assertEquals(0, second.refCnt());
    }

    @Test
    void aBufferSomeoneStillHoldsIsLeftToThemAndReplaced() {
        ByteBuf first = handle.allocate(alloc);
        first.writeInt(42);
        first.retain(); // kept beyond the read, e.g. queued elsewhere
        first.release();
        ByteBuf second = handle.allocate(alloc);
        assertNotSame(first, second);
        assertEquals(42, first.getInt(0), "the kept datagram is untouched");
        assertEquals(1, first.refCnt());
        first.release();
        assertEquals(0, first.refCnt());
        second.release();
        receiveBuffer.release();
        assertEquals(0, second.refCnt());
    }
}
