package org.polycast.amt.internal.relay;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.polycast.amt.internal.AmtSockets;
import org.polycast.amt.internal.wire.AmtDatagram;
import org.polycast.amt.internal.wire.AmtDecoder;
import org.polycast.amt.internal.wire.AmtMessage;
import org.polycast.ip.internal.NettyTransport;

import io.netty.channel.Channel;

/**
 * The relay's UDP sockets: one per local address rather than one on the wildcard address, so that
 * each answer leaves from the address its request was sent to (an Advertisement from the anycast
 * address a Discovery went to, RFC 7450 section 5.3.3.2) and the relay knows which address a
 * gateway uses. With no configured addresses, every address of the host is used and rescanned.
 */
final class RelayChannels {
    private static final long IO_TIMEOUT_MILLIS = 1000;

    private final NettyTransport transport;
    private final int port;
    private final Inbound inbound;
    private final Consumer<String> problems;
    private final AmtDecoder decoder;
    private final Map<InetAddress, Channel> channels = new ConcurrentHashMap<>();
    private final Set<InetAddress> failed = Collections.newSetFromMap(new ConcurrentHashMap<>());
    private final Set<InetAddress> unserved = Collections.newSetFromMap(new ConcurrentHashMap<>());
    private final Runnable noChannel;

    /** Where decoded messages go, with the local address they were sent to. */
    interface Inbound {
        void received(AmtMessage message, InetSocketAddress from, InetAddress local);
    }

    /** @param noChannel called for every message dropped because the address it must leave from has no socket */
    RelayChannels(NettyTransport transport, int port, Inbound inbound, Consumer<String> malformed, Consumer<String> problems, Runnable noChannel) {
        this.transport = transport;
        this.noChannel = noChannel;
        this.port = port;
        this.inbound = inbound;
        this.problems = problems;
        this.decoder = new AmtDecoder(malformed);
    }

    /** Opens sockets on the addresses not yet open and closes those of addresses that went away. */
    synchronized void bind(List<InetAddress> addresses) {
        Set<InetAddress> wanted = new HashSet<>(addresses);
        for (InetAddress a : wanted) {
            if (!channels.containsKey(a)) {
                open(a);
            }
        }
        for (InetAddress a : new ArrayList<>(channels.keySet())) {
            if (!wanted.contains(a)) {
                Channel ch = channels.remove(a);
                ch.close();
            }
        }
        failed.retainAll(wanted);
        unserved.retainAll(wanted);
    }

    /** Binds one address; blocks up to a second, so never called on the event loop (the component's upkeep thread calls it). */
    private void open(InetAddress address) {
        try {
            channels.put(address, AmtSockets.bind(transport, new InetSocketAddress(address, port), decoder,
                    d -> inbound.received(d.message(), d.peer(), address)));
            failed.remove(address);
            unserved.remove(address);
        } catch (java.io.IOException | RuntimeException e) {
            // One address that cannot be bound (gone again, EADDRNOTAVAIL while DAD runs) must not stop the others.
            if (failed.add(address)) {
                problems.accept("AMT relay cannot listen on " + address.getHostAddress() + " port " + port + " (tried again at every rescan): "
                        + e.getMessage());
            }
        }
    }

    /** Sends from the socket of {@code from}; if that address has none (gone, or not bound yet), counted and said once per address. */
    void send(AmtMessage message, InetSocketAddress to, InetAddress from) {
        Channel ch = channels.get(from);
        if (ch != null) {
            ch.writeAndFlush(new AmtDatagram(message, to), ch.voidPromise());
            return;
        }
        noChannel.run();
        if (unserved.add(from)) {
            problems.accept("AMT relay dropped a " + message.type() + " to " + to + ": no socket on " + from.getHostAddress()
                    + " (counted as dropped-no-socket; said once per address)");
        }
    }

    synchronized List<InetAddress> listening() {
        return List.copyOf(channels.keySet());
    }

    synchronized void close() {
        channels.values().forEach(ch -> ch.close().awaitUninterruptibly(IO_TIMEOUT_MILLIS));
        channels.clear();
    }

    /** Every address of the host that a gateway could send to: not link-local (no scope to bind with), not multicast. */
    static List<InetAddress> hostAddresses() {
        List<InetAddress> out = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (!a.isLinkLocalAddress() && !a.isMulticastAddress()) {
                        out.add(a instanceof Inet6Address v6 && v6.getScopeId() != 0 ? stripScope(v6) : a);
                    }
                }
            }
        } catch (SocketException e) {
            // no interface list now: keep what is open and try at the next rescan
        }
        return out;
    }

    private static InetAddress stripScope(Inet6Address a) {
        try {
            return InetAddress.getByAddress(a.getAddress());
        } catch (java.net.UnknownHostException e) {
            return a;
        }
    }
}
