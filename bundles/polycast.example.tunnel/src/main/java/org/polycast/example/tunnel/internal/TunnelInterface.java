package org.polycast.example.tunnel.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.polycast.api.HamUri;
import org.polycast.api.spi.InterfaceContext;
import org.polycast.api.spi.TechnologyInterface;

/**
 * A technology Interface that tunnels groups over UDP unicast: {@link #send} writes one {@link TunnelFrame} to each
 * configured peer, and received frames are delivered for the addresses joined here. Names travel as they are, so a
 * Group Name is its own Group Address (the canonical mapping). {@code send} is thread-safe and does not wait for
 * the network (a datagram channel's send), so the Interface declares concurrent send.
 */
final class TunnelInterface implements TechnologyInterface {
    static final String TECHNOLOGY = "tunnel";
    private static final int MAX_DATAGRAM = 65507;

    private final String name;
    private final InetSocketAddress bind;
    private final List<InetSocketAddress> peers;
    private final int atomicSize;
    private final Set<HamUri> joined = ConcurrentHashMap.newKeySet();
    private volatile DatagramChannel channel;
    private volatile InterfaceContext context;
    private Thread receiver;

    TunnelInterface(String name, InetSocketAddress bind, List<InetSocketAddress> peers, int atomicSize) {
        if (atomicSize < 512 || atomicSize > MAX_DATAGRAM - TunnelFrame.HEADER - HamUri.MAX_LENGTH * 4) {
            throw new IllegalArgumentException("atomicMessageSize " + atomicSize + " must leave room for the frame header within a UDP datagram (512 to "
                    + (MAX_DATAGRAM - TunnelFrame.HEADER - HamUri.MAX_LENGTH * 4) + ")");
        }
        this.name = name;
        this.bind = bind;
        this.peers = List.copyOf(peers);
        this.atomicSize = atomicSize;
    }

    @Override
    public String technology() {
        return TECHNOLOGY;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String address() {
        return bind.getHostString() + ":" + bind.getPort();
    }

    @Override
    public synchronized void open(InterfaceContext ctx) throws IOException {
        context = ctx;
        channel = DatagramChannel.open().bind(bind);
        receiver = new Thread(this::receive, "polycast-tunnel-" + name);
        receiver.setDaemon(true);
        receiver.start();
    }

    private void receive() {
        DatagramChannel ch = channel;
        ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
        while (ch != null && ch.isOpen()) {
            SocketAddress from;
            try {
                buffer.clear();
                from = ch.receive(buffer);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                continue; // an ICMP error for an earlier send (a peer not listening): keep receiving
            }
            buffer.flip();
            InterfaceContext ctx = context;
            if (ctx == null) {
                continue;
            }
            try {
                TunnelFrame f = TunnelFrame.decode(buffer);
                if (joined.contains(f.address())) {
                    ctx.deliver(f.address(), f.payload(), String.valueOf(from));
                }
            } catch (TunnelFrame.MalformedFrameException e) {
                ctx.malformed("tunnel datagram from " + from + ": " + e.getMessage());
            }
        }
    }

    @Override
    public synchronized void close() {
        context = null;
        DatagramChannel ch = channel;
        channel = null;
        if (ch != null) {
            try {
                ch.close(); // ends the receiving thread
            } catch (IOException e) {
                // closing anyway
            }
        }
        if (receiver != null) {
            try {
                receiver.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            receiver = null;
        }
        joined.clear();
    }

    @Override
    public Optional<HamUri> map(HamUri groupName) {
        return groupName.isWildcard() ? Optional.empty() : Optional.of(groupName.groupName());
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
    public void send(HamUri address, ByteBuffer payload, int ttl) throws IOException {
        DatagramChannel ch = channel;
        if (ch == null) {
            throw new IOException("tunnel " + name + " is closed");
        }
        ByteBuffer frame = TunnelFrame.encode(address, payload);
        for (InetSocketAddress peer : peers) {
            ch.send(frame.duplicate(), peer);
        }
    }

    @Override
    public int atomicMessageSize() {
        return atomicSize;
    }

    @Override
    public int defaultTtl() {
        return 1;
    }
}
