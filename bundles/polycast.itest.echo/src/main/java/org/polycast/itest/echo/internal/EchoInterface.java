package org.polycast.itest.echo.internal;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.polycast.api.HamUri;
import org.polycast.api.spi.InterfaceContext;
import org.polycast.api.spi.TechnologyInterface;

/**
 * Test technology "echo": like a network, it receives on an I/O thread of its own, not on the
 * sender's, and it carries only small datagrams (1200 bytes), so larger messages cross it in
 * fragments.
 */
@Component(property = {TechnologyInterface.TECHNOLOGY + "=echo", TechnologyInterface.INTERFACE_NAME + "=echo0"})
public class EchoInterface implements TechnologyInterface {
    private static final int ATOMIC_SIZE = 1200;

    private final Set<HamUri> joined = ConcurrentHashMap.newKeySet();
    /** One I/O thread, in order; it ends when idle for a second, so that Interfaces closed without deactivation keep none. */
    private final ThreadPoolExecutor io = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
        Thread t = new Thread(r, "echo-io");
        t.setDaemon(true);
        return t;
    });

    public EchoInterface() {
        io.allowCoreThreadTimeOut(true);
    }
    private volatile InterfaceContext context;

    @Deactivate
    void deactivate() {
        io.shutdownNow();
    }

    @Override
    public String technology() {
        return "echo";
    }

    @Override
    public String name() {
        return "echo0";
    }

    @Override
    public String address() {
        return "echo:0";
    }

    @Override
    public void open(InterfaceContext ctx) {
        context = ctx;
    }

    @Override
    public void close() {
        context = null;
    }

    @Override
    public Optional<HamUri> map(HamUri groupName) {
        return Optional.of(groupName.groupName());
    }

    @Override
    public void join(HamUri address) {
        joined.add(address);
    }

    @Override
    public void leave(HamUri address) {
        joined.remove(address);
    }

    @Override
    public void send(HamUri address, ByteBuffer payload, int ttl) {
        if (payload.remaining() > ATOMIC_SIZE) {
            throw new IllegalArgumentException("datagram larger than " + ATOMIC_SIZE);
        }
        byte[] copy = new byte[payload.remaining()];
        payload.get(copy);
        try {
            io.execute(() -> {
                InterfaceContext c = context;
                if (c != null && joined.contains(address)) {
                    c.deliver(address, ByteBuffer.wrap(copy), "echo0");
                }
            });
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("echo interface is shutting down", e);
        }
    }

    @Override
    public int atomicMessageSize() {
        return ATOMIC_SIZE;
    }
}
