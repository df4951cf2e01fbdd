package org.polycast.core.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import org.polycast.api.HamUri;
import org.polycast.api.spi.InterfaceContext;
import org.polycast.api.spi.TechnologyInterface;

/**
 * An in-memory technology for unit tests of the core. Instances with the same name on one
 * {@link Bus} are attached to the same network: each receives what any of them sends to an
 * address it joined. It can be told to hang or throw.
 */
final class FakeTechnology implements TechnologyInterface {
    static final class Bus {
        final List<FakeTechnology> members = new CopyOnWriteArrayList<>();
    }

    final String technology;
    final String name;
    final Bus bus;
    volatile int atomicSize = 1400;
    volatile boolean throwOnJoin;
    volatile boolean throwOnSend;
    /** Datagrams it takes before its flow control refuses more (SendBufferFullException); negative: no limit. */
    final java.util.concurrent.atomic.AtomicInteger credits = new java.util.concurrent.atomic.AtomicInteger(-1);
    volatile boolean concurrentSend;
    volatile CountDownLatch hang;
    volatile InterfaceContext context;
    final Set<HamUri> joined = ConcurrentHashMap.newKeySet();
    final List<String> calls = new CopyOnWriteArrayList<>();
    final java.util.concurrent.atomic.AtomicInteger sends = new java.util.concurrent.atomic.AtomicInteger();
    final Map<HamUri, HamUri> derived = new HashMap<>();

    FakeTechnology(String technology, String name, Bus bus) {
        this.technology = technology;
        this.name = name;
        this.bus = bus;
    }

    Map<String, Object> properties() {
        Map<String, Object> p = new HashMap<>();
        p.put(TECHNOLOGY, technology);
        p.put(INTERFACE_NAME, name);
        if (concurrentSend) {
            p.put(CONCURRENT_SEND, true);
            p.put(FLOW_CONTROL, true);
        }
        return p;
    }

    private void maybeHang() throws InterruptedException {
        CountDownLatch h = hang;
        if (h != null) {
            h.await();
        }
    }

    @Override
    public String technology() {
        return technology;
    }

    @Override
    public String name() {
        return name;
    }

    /** Threads that called {@link #address()}: the SPI promises the technology one thread. */
    final Set<String> addressCallers = ConcurrentHashMap.newKeySet();

    volatile String address;

    @Override
    public String address() {
        addressCallers.add(Thread.currentThread().getName());
        return address != null ? address : "fake:" + name;
    }

    @Override
    public void open(InterfaceContext ctx) {
        context = ctx;
        bus.members.add(this);
        calls.add("open");
    }

    @Override
    public void close() {
        bus.members.remove(this);
        context = null;
        calls.add("close");
    }

    /** Names of this namespace are not carried (map answers empty). */
    volatile String refusedNamespace;

    @Override
    public Optional<HamUri> map(HamUri groupName) {
        if (groupName.namespace().equals(refusedNamespace)) {
            return Optional.empty();
        }
        HamUri d = derived.get(groupName);
        return Optional.of(d != null ? d : groupName);
    }

    @Override
    public void join(HamUri address) throws Exception {
        maybeHang();
        calls.add("join " + address);
        if (throwOnJoin) {
            throw new IllegalStateException("join refused by test");
        }
        joined.add(address);
    }

    @Override
    public void leave(HamUri address) throws Exception {
        maybeHang();
        calls.add("leave " + address);
        joined.remove(address);
    }

    @Override
    public void registerSource(HamUri address) throws Exception {
        calls.add("registerSource " + address);
        if (throwOnJoin) {
            throw new IllegalStateException("registration refused by test");
        }
    }

    @Override
    public void send(HamUri address, ByteBuffer payload, int ttl) throws Exception {
        sends.incrementAndGet();
        maybeHang();
        if (throwOnSend) {
            throw new IllegalStateException("send refused by test");
        }
        if (payload.remaining() > atomicSize) {
            throw new IllegalArgumentException("datagram of " + payload.remaining() + " exceeds atomic size " + atomicSize);
        }
        if (credits.getAndUpdate(c -> c > 0 ? c - 1 : c) == 0) {
            throw new org.polycast.api.spi.SendBufferFullException("no credit left (test)");
        }
        for (FakeTechnology member : bus.members) {
            InterfaceContext c = member.context;
            if (c != null && member.name.equals(name) && member.joined.contains(address)) {
                c.deliver(address, payload.duplicate(), name);
            }
        }
    }

    /** Gives the flow control room for more datagrams and tells the core. */
    void grant(int datagrams) {
        credits.set(datagrams);
        InterfaceContext c = context;
        if (c != null) {
            c.sendBufferAvailable();
        }
    }

    @Override
    public int atomicMessageSize() {
        return atomicSize;
    }

    @Override
    public List<HamUri> neighborSet() {
        return new ArrayList<>(List.of(HamUri.parse("ham:ip:198.18.0.254")));
    }
}
