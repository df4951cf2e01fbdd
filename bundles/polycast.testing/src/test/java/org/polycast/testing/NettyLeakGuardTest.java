package org.polycast.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** The guard sees a buffer that was never released, and stays quiet about one that was. */
class NettyLeakGuardTest {
    private static final ExtensionContext CONTEXT = (ExtensionContext) Proxy.newProxyInstance(NettyLeakGuardTest.class.getClassLoader(),
            new Class<?>[] {ExtensionContext.class}, (proxy, method, args) -> {
                if (method.getName().equals("getDisplayName")) {
                    return "a leaking test";
                }
                throw new UnsupportedOperationException(method.getName());
            });

    @Test
    void aBufferNeverReleasedFailsTheClass() {
        NettyLeakGuard guard = new NettyLeakGuard();
        guard.beforeAll(CONTEXT);
        leak();
        NettyLeakGuard.recorder().proving(true); // the leak is meant: no LEAK line in the build's log
        AssertionError e;
        try {
            e = assertThrows(AssertionError.class, () -> guard.afterAll(CONTEXT));
        } finally {
            NettyLeakGuard.recorder().proving(false);
        }
        assertTrue(e.getMessage().contains("LEAK: ByteBuf.release() was not called"), e.getMessage());
        assertTrue(e.getMessage().contains("in a leaking test"), e.getMessage());
    }

    @Test
    void releasedBuffersPass() {
        NettyLeakGuard guard = new NettyLeakGuard();
        guard.beforeAll(CONTEXT);
        ByteBuf b = Unpooled.buffer(16);
        b.writeLong(1);
        b.release();
        assertDoesNotThrow(() -> guard.afterAll(CONTEXT));
    }

    private static void leak() {
        ByteBuf b = Unpooled.directBuffer(16);
        b.writeLong(42);
    }
}
