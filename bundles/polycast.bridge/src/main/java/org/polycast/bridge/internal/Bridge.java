package org.polycast.bridge.internal;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.polycast.api.HamUri;
import org.polycast.api.MulticastSocket;

/** A running bridge: one Polycast socket and one UDP channel, and what went through. */
abstract sealed class Bridge implements AutoCloseable permits InboundBridge, OutboundBridge {
    @Override
    public abstract void close();

    final String name;
    final InetSocketAddress udp;
    final HamUri group;
    final MulticastSocket socket;
    final AtomicLong datagrams = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicReference<String> lastFailure = new AtomicReference<>();

    Bridge(String name, InetSocketAddress udp, HamUri group, MulticastSocket socket) {
        this.name = name;
        this.udp = udp;
        this.group = group;
        this.socket = socket;
    }

    abstract Direction direction();

    void forwarded(int length) {
        datagrams.incrementAndGet();
        bytes.addAndGet(length);
    }

    void failed(String why) {
        failed.incrementAndGet();
        lastFailure.set(why);
    }

    BridgeStatus status() {
        return new BridgeStatus(name, direction(), UdpEndpoint.text(udp), group.toString(), datagrams.get(), bytes.get(), failed.get(), lastFailure.get());
    }
}
