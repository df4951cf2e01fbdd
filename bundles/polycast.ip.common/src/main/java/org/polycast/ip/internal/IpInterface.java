package org.polycast.ip.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.polycast.api.HamUri;
import org.polycast.api.spi.InterfaceContext;
import org.polycast.api.spi.TechnologyInterface;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;

/**
 * One Polycast Interface for one network interface and one IP family. Receiving uses one
 * {@link GroupChannel} per group and port; sending uses one channel with IP_MULTICAST_IF set to
 * this network interface. Single datagrams carry the payload only: plain multicast senders and
 * receivers interoperate.
 *
 * <p>Service calls: a host without raw sockets cannot see multicast routers or other members, so
 * {@code neighborSet}, {@code parentSet} and {@code childrenSet} are empty and {@code designatedHost}
 * is false (the SPI defaults); {@code groupSet} and the events come from the core.
 */
public final class IpInterface implements TechnologyInterface {
    private static final long IO_TIMEOUT_MILLIS = 1000;
    /** How long a send may wait for Netty to drain a full send buffer before the datagram is refused. */
    private static final long BACKPRESSURE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** From this payload size on, a send copies into a pooled direct buffer rather than a heap array (see copyOf). */
    private static final int DIRECT_COPY_THRESHOLD = 4096;

    private final IpFamily family;
    private final Nic nic;
    private final IpSettings settings;
    private final NettyTransport transport;
    private final IpMapping mapping;
    private final Map<HamUri, GroupEndpoint> endpoints = new ConcurrentHashMap<>();
    /** Touched on the core's control thread for this Interface only. */
    /** Concurrent: close() may come from the component's deactivation while the core's thread is in join or leave. */
    private final Map<GroupEndpoint, GroupChannel> receivers = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile InterfaceContext context;
    /** One sending channel per hop limit in use, so that concurrent sends with different TTLs never mix. */
    private final Map<Integer, DatagramBatcher> senders = new ConcurrentHashMap<>();
    /** Held while a sender is made, so that two threads asking for one TTL at once make one (a lock of its own, not the map). */
    private final Object sendersMade = new Object();

    public IpInterface(IpFamily family, Nic nic, IpSettings settings, NettyTransport transport) {
        this.family = family;
        this.nic = nic;
        this.settings = settings;
        this.transport = transport;
        this.mapping = new IpMapping(family, settings);
    }

    @Override
    public String technology() {
        return IpTechnology.TECHNOLOGY;
    }

    @Override
    public String name() {
        return nic.name();
    }

    @Override
    public String address() {
        return GroupEndpoint.literal(nic.address());
    }

    Nic nic() {
        return nic;
    }

    private Bootstrap bootstrap() {
        return transport.bootstrap(family);
    }

    @Override
    public void open(InterfaceContext ctx) throws IOException {
        sender(settings.defaultTtl());
        context = ctx;
    }

    /** The last channel used, with its hop limit. */
    private record Sender(int ttl, DatagramBatcher batcher) {
    }

    private volatile Sender lastSender;

    private DatagramBatcher sender(int ttl) throws IOException {
        Sender last = lastSender;
        if (last != null && last.ttl() == ttl) {
            return last.batcher();
        }
        DatagramBatcher batcher = senderFromMap(ttl);
        lastSender = new Sender(ttl, batcher);
        return batcher;
    }

    private DatagramBatcher senderFromMap(int ttl) throws IOException {
        DatagramBatcher existing = senders.get(ttl);
        if (existing != null) {
            return existing;
        }
        synchronized (sendersMade) {
            existing = senders.get(ttl);
            if (existing == null) {
                if (closed) {
                    throw new IOException("interface " + name() + " is closed");
                }
                existing = new DatagramBatcher(openSender(ttl), transport.segmenter(), family.atomicSize(nic.mtu()));
                senders.put(ttl, existing);
                if (closed) {
                    senders.remove(ttl);
                    existing.channel().close();
                    throw new IOException("interface " + name() + " is closed");
                }
            }
            return existing;
        }
    }

    private DatagramChannel openSender(int ttl) throws IOException {
        if (ttl == 0 && transport.name().equals("epoll")) {
            throw new IOException("hop limit 0 is refused by Netty's epoll socket; set transport=nio in PID org.polycast."
                    + family.label().toLowerCase() + " to use it");
        }
        io.netty.bootstrap.Bootstrap b = bootstrap()
                .option(ChannelOption.IP_MULTICAST_IF, nic.networkInterface())
                .option(ChannelOption.IP_MULTICAST_TTL, ttl);
        if (transport.name().equals("nio")) {
            // Netty's NIO channel passes IP_MULTICAST_LOOP_DISABLED's value to IP_MULTICAST_LOOP unchanged (4.1.137), which
            // turns the loop off when asked to keep it: set the JDK option itself.
            b.option(io.netty.channel.socket.nio.NioChannelOption.of(java.net.StandardSocketOptions.IP_MULTICAST_LOOP), settings.multicastLoop());
        } else {
            b.option(ChannelOption.IP_MULTICAST_LOOP_DISABLED, !settings.multicastLoop());
        }
        ChannelFuture bound = b
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(512 * 1024, 1024 * 1024))
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void exceptionCaught(io.netty.channel.ChannelHandlerContext ctx, Throwable cause) {
                        // A datagram the kernel refused (for example no route): that datagram is lost, the channel lives.
                    }
                })
                .bind(new InetSocketAddress(0));
        if (!bound.awaitUninterruptibly(IO_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS) || !bound.isSuccess()) {
            if (closed) {
                throw new IOException("interface " + name() + " is closed", bound.cause());
            }
            throw new IOException("cannot open a sending channel on " + nic.name() + ": " + bound.cause());
        }
        return (DatagramChannel) bound.channel();
    }

    @Override
    public void close() {
        closed = true;
        context = null;
        senders.values().forEach(b -> b.channel().close());
        senders.clear();
        lastSender = null;
        receivers.values().forEach(GroupChannel::close);
        receivers.clear();
    }

    @Override
    public Optional<HamUri> map(HamUri groupName) {
        return mapping.map(groupName);
    }

    private GroupEndpoint endpoint(HamUri address) {
        return endpoints.computeIfAbsent(address, mapping::endpoint);
    }

    /** The last destination sent to, kept to spare a map look-up per datagram of a stream. */
    private record Destination(HamUri address, InetSocketAddress socketAddress) {
    }

    private volatile Destination lastDestination;

    private InetSocketAddress destination(HamUri address) {
        Destination d = lastDestination;
        if (d == null || d.address() != address) {
            d = new Destination(address, endpoint(address).socketAddress());
            lastDestination = d;
        }
        return d.socketAddress();
    }

    @Override
    public void join(HamUri address) throws IOException {
        GroupEndpoint e = endpoint(address);
        GroupEndpoint any = e.withSource(null);
        GroupChannel g = receivers.get(any);
        if (g == null) {
            if (closed) {
                throw new IOException("interface " + name() + " is closed");
            }
            try {
                g = GroupChannel.open(transport.receiveBootstrap(family, any), any, nic.networkInterface(), settings.receiveBufferBytes(), this::deliver);
            } catch (IOException ex) {
                if (closed) {
                    // close() shut the event loop down while the channel was binding: same race as below, same answer
                    throw new IOException("interface " + name() + " is closed", ex);
                }
                throw ex;
            }
            receivers.put(any, g);
            if (closed) {
                // close() ran while the channel opened: it must not outlive the Interface
                g.close();
                receivers.remove(any);
                throw new IOException("interface " + name() + " is closed");
            }
        }
        try {
            g.join(e.source());
        } catch (IOException ex) {
            if (g.unused()) {
                g.close();
                receivers.remove(any);
            }
            throw ex;
        }
    }

    @Override
    public void leave(HamUri address) throws IOException {
        GroupEndpoint e = endpoint(address);
        GroupChannel g = receivers.get(e.withSource(null));
        if (g == null) {
            return;
        }
        try {
            g.leave(e.source());
        } finally {
            if (g.unused()) {
                g.close();
                receivers.remove(e.withSource(null));
            }
        }
    }

    private void deliver(HamUri address, String sender, DatagramPacket packet) {
        InterfaceContext c = context;
        if (c != null) {
            c.deliver(address, packet.content().nioBuffer(), sender);
        }
    }

    @Override
    public void send(HamUri address, ByteBuffer payload, int ttl) throws IOException {
        DatagramBatcher s = sender(ttl);
        if (!s.channel().isActive()) {
            throw new IOException("the sending channel on " + nic.name() + " is closed");
        }
        if (!s.isWritable()) {
            long deadline = System.nanoTime() + BACKPRESSURE_NANOS;
            while (!s.isWritable() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(50_000);
            }
            if (!s.isWritable()) {
                throw new IOException("send buffer on " + nic.name() + " stayed full for 500 ms");
            }
        }
        s.send(new DatagramPacket(copyOf(payload, s.channel()), destination(address)));
    }

    /**
     * The payload is valid during {@link #send} only (SPI), so it is copied. Large payloads go straight into a pooled direct
     * buffer, the memory the native transport writes from, saving Netty's own heap-to-direct copy. Small ones go into a heap
     * array: the application's thread has no Netty thread cache, so a pooled allocation here costs more than the copy it
     * saves (measured in benchmarks/README.md: better at 8 KiB, worse at 64 B and 1 KiB).
     */
    private static ByteBuf copyOf(ByteBuffer payload, Channel channel) {
        int n = payload.remaining();
        if (n >= DIRECT_COPY_THRESHOLD) {
            ByteBuf direct = channel.alloc().directBuffer(n);
            direct.writeBytes(payload.duplicate());
            return direct;
        }
        byte[] copy = new byte[n];
        payload.duplicate().get(copy);
        return Unpooled.wrappedBuffer(copy);
    }

    @Override
    public int atomicMessageSize() {
        return settings.ipFragmentation() ? family.maxUdpPayload() : family.atomicSize(nic.mtu());
    }

    @Override
    public int defaultTtl() {
        return settings.defaultTtl();
    }
}
