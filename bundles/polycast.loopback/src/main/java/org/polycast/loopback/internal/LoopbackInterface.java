package org.polycast.loopback.internal;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.polycast.api.HamUri;
import org.polycast.api.spi.InterfaceContext;
import org.polycast.api.spi.TechnologyInterface;

/**
 * The loopback technology: one Interface whose Group Address is the Group Name itself (the
 * canonical mapping, for every namespace) and which hands every datagram sent to an address it
 * joined straight back to the core, which fans it out to the runtime's sockets.
 */
@Component(configurationPid = LoopbackInterface.PID, property = {
    TechnologyInterface.TECHNOLOGY + "=" + LoopbackInterface.TECHNOLOGY,
    TechnologyInterface.INTERFACE_NAME + "=" + LoopbackInterface.NAME })
@Designate(ocd = LoopbackConfig.class)
public class LoopbackInterface implements TechnologyInterface {
    static final String PID = "org.polycast.loopback";
    static final String TECHNOLOGY = "loopback";
    static final String NAME = "lo";
    /** The largest UDP payload over IPv4, so that loopback behaves like a local network. */
    static final int DEFAULT_ATOMIC_SIZE = 65507;
    private static final String SOURCE = "loopback";

    private final Set<HamUri> joined = ConcurrentHashMap.newKeySet();
    private volatile InterfaceContext context;
    private volatile int atomicSize = DEFAULT_ATOMIC_SIZE;

    @Activate
    void activate(LoopbackConfig config) {
        atomicSize = checkedSize(config.atomicMessageSize());
    }

    @Modified
    void modified(LoopbackConfig config) {
        int size = checkedSize(config.atomicMessageSize());
        if (size != atomicSize) {
            atomicSize = size;
            InterfaceContext c = context;
            if (c != null) {
                c.atomicMessageSizeChanged();
            }
        }
    }

    static int checkedSize(int size) {
        if (size < 512 || size > DEFAULT_ATOMIC_SIZE) {
            throw new IllegalArgumentException("atomicMessageSize must be 512 to " + DEFAULT_ATOMIC_SIZE + ", was " + size);
        }
        return size;
    }

    @Override
    public String technology() {
        return TECHNOLOGY;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String address() {
        return "in-jvm";
    }

    @Override
    public void open(InterfaceContext ctx) {
        context = ctx;
    }

    @Override
    public void close() {
        context = null;
        joined.clear();
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
        if (payload.remaining() > atomicSize) {
            throw new IllegalArgumentException("datagram of " + payload.remaining() + " bytes exceeds the atomic size " + atomicSize);
        }
        InterfaceContext c = context;
        if (c != null && joined.contains(address)) {
            c.deliver(address, payload, SOURCE);
        }
    }

    @Override
    public int atomicMessageSize() {
        return atomicSize;
    }

    @Override
    public int defaultTtl() {
        return 0; // nothing leaves the process
    }

    @Override
    public boolean designatedHost(HamUri address) {
        return true; // the only node on this "network" serves every group
    }
}
