package org.polycast.core.internal;

import java.nio.ByteBuffer;

import org.polycast.api.HamUri;
import org.polycast.api.MembershipEvent;
import org.polycast.api.MembershipEventType;
import org.polycast.api.spi.InterfaceContext;

/**
 * The context a technology Interface delivers into: reassembles fragments, maps the address back
 * to the Group Names joined on it, and hands each listening socket its own copy, tagged with the
 * name. Runs on the technology's threads, takes no locks of the core, and never throws at them.
 */
final class InboundPath implements InterfaceContext {
    private final ManagedInterface iface;
    private final EventBus events;
    private final CoreLog log;
    private final Reassembler reassembler;
    private final int maxMessageSize;
    private volatile boolean closed;
    private volatile long lastMalformedLog;

    InboundPath(ManagedInterface iface, Settings settings, EventBus events, CoreLog log) {
        this.iface = iface;
        this.events = events;
        this.log = log;
        this.maxMessageSize = settings.maxMessageSize();
        this.reassembler = new Reassembler(settings.maxPendingReassemblies(), settings.reassemblyBytes(), settings.reassemblyTimeoutMillis(), new Reassembler.Listener() {
            @Override
            public void gaveUp(int count) {
                iface.counters.dropped.add(count);
            }

            @Override
            public void malformed(String reason) {
                InboundPath.this.malformed(reason);
            }
        });
    }

    void close() {
        closed = true;
    }

    @Override
    public int interfaceIndex() {
        return iface.index();
    }

    @Override
    public void deliver(HamUri address, ByteBuffer payload, String source) {
        if (closed || address == null || payload == null) {
            return;
        }
        try {
            receive(address, payload.slice(), source);
        } catch (RuntimeException e) {
            // A bug of ours must not break the technology's I/O thread; count it and go on.
            iface.counters.dropped.increment();
            log.error("delivery on interface " + iface.index() + " failed", e);
        }
    }

    private void receive(HamUri address, ByteBuffer buf, String source) {
        FragmentHeader header;
        try {
            header = FragmentHeader.read(buf, maxMessageSize);
        } catch (FragmentHeader.MalformedFragmentException e) {
            malformed(e.getMessage() + (source != null ? " (from " + source + ")" : ""));
            return;
        }
        byte[] message;
        Reassembler.MessageKey key = null;
        if (header == null) {
            message = new byte[buf.remaining()];
            buf.get(message);
        } else {
            iface.counters.fragmentsReceived.increment();
            Reassembler.Complete complete = reassembler.add(header, buf);
            if (complete == null) {
                return;
            }
            message = complete.payload();
            key = complete.key();
        }
        iface.counters.received(message.length);
        GroupState[] groups = iface.listeningOn(address);
        if (groups == null) {
            return;
        }
        int receivers = 0;
        for (GroupState g : groups) {
            receivers += g.listeners.size();
        }
        for (GroupState g : groups) {
            g.counters.received(message.length);
            if (header != null) {
                g.counters.fragmentsReceived.add(header.count());
            }
            if (g.firstSeen(source)) {
                events.publish(new MembershipEvent(MembershipEventType.NEW_SOURCE, g.name, iface.index(), source));
            }
            for (SocketImpl s : g.listeners) {
                s.offer(g.name, receivers == 1 ? message : message.clone(), iface, source, key);
            }
        }
    }

    @Override
    public void membershipEvent(MembershipEventType type, HamUri address, String source) {
        if (closed || type == null || address == null) {
            return;
        }
        GroupState[] groups = iface.listeningOn(address);
        if (groups == null) {
            events.publishAddress(new MembershipEvent(type, address, iface.index(), source), iface);
            return;
        }
        for (GroupState g : groups) {
            events.publish(new MembershipEvent(type, g.name, iface.index(), source));
        }
    }

    @Override
    public void atomicMessageSizeChanged() {
        if (!closed) {
            iface.refreshAtomicSize();
        }
    }

    @Override
    public void malformed(String reason) {
        iface.counters.malformed.increment();
        long now = System.nanoTime();
        if (now - lastMalformedLog > 1_000_000_000L) {
            lastMalformedLog = now;
            log.warn("interface " + iface.index() + " (" + iface.technology() + "): dropped malformed input: " + reason);
        }
    }

    @Override
    public void sendBufferAvailable() {
        iface.sendBufferAvailable();
    }
}
