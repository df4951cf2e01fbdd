package org.polycast.amt.internal.relay;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.polycast.api.DirectMessageListener;
import org.polycast.api.HamUri;
import org.polycast.api.InterfaceProperties;
import org.polycast.api.Message;
import org.polycast.api.MulticastService;
import org.polycast.api.MulticastSocket;
import org.polycast.api.Namespaces;

/**
 * Joins upstream for the relay through the native IP technologies, by the public API: one
 * Polycast socket on the host's {@code ip} Interfaces (never on an AMT Interface, which would
 * loop), joining {@code ham:ip:G@S:port} (or {@code ham:ip:G:port}) for every configured data port.
 * Joins run on a thread of their own, so the relay's event loops never wait for the core. The
 * socket's direct listener hands each received datagram to the engine on the IP I/O thread.
 */
final class UpstreamJoiner implements RelayEngine.Upstream {
    /** Parsed once per joined name, not per datagram. */
    private record Joined(InetAddress group, int port, boolean sourceSpecific) {
    }

    interface Forwarder {
        void forward(InetAddress source, int sourcePort, InetAddress group, int port, boolean sourceSpecific, byte[] payload);
    }

    private static final int MAX_CACHED_SENDERS = 4096;

    private final MulticastService service;
    private final Set<Integer> ports;
    private final Set<String> interfaceNames;
    private final Forwarder forwarder;
    private final Consumer<String> problems;
    private final ExecutorService worker;
    private final Set<HamUri> wanted = new LinkedHashSet<>();
    private final Map<HamUri, Joined> joined = new ConcurrentHashMap<>();
    private final Map<String, InetSocketAddress> senders = new ConcurrentHashMap<>();
    private MulticastSocket socket;

    UpstreamJoiner(MulticastService service, Set<Integer> ports, Set<String> interfaceNames, Forwarder forwarder, Consumer<String> problems,
            String threadName) {
        this.service = service;
        this.ports = ports;
        this.interfaceNames = interfaceNames;
        this.forwarder = forwarder;
        this.problems = problems;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void subscribe(SourceGroup channel) {
        worker.execute(() -> {
            for (HamUri name : names(channel)) {
                wanted.add(name);
                join(name);
            }
        });
    }

    @Override
    public void unsubscribe(SourceGroup channel) {
        worker.execute(() -> {
            for (HamUri name : names(channel)) {
                wanted.remove(name);
                joined.remove(name);
                if (socket != null) {
                    try {
                        socket.leave(name);
                    } catch (RuntimeException e) {
                        problems.accept("AMT relay: leave " + name + " failed: " + e.getMessage());
                    }
                }
            }
        });
    }

    /** Creates the socket once an ip Interface exists, and adds ip Interfaces that appeared since; called periodically. */
    void upkeep() {
        worker.execute(() -> {
            List<Integer> ip = new ArrayList<>();
            for (InterfaceProperties p : service.interfaces()) {
                if (Namespaces.IP.equals(p.technology()) && (interfaceNames.isEmpty() || interfaceNames.contains(p.name()))) {
                    ip.add(p.index());
                }
            }
            try {
                if (socket == null) {
                    if (ip.isEmpty()) {
                        return;
                    }
                    socket = service.createSocket(ip);
                    socket.setMessageListener((DirectMessageListener) this::received);
                    wanted.forEach(this::join);
                } else {
                    List<Integer> have = socket.getInterfaces();
                    for (int i : ip) {
                        if (!have.contains(i)) {
                            socket.addInterface(i);
                        }
                    }
                }
            } catch (RuntimeException e) {
                problems.accept("AMT relay: upstream socket: " + e.getMessage());
            }
        });
    }

    private void join(HamUri name) {
        if (socket == null) {
            return; // joined when the socket is created
        }
        try {
            socket.join(name);
            InetAddress group = InetAddress.getByName(name.group());
            joined.put(name, new Joined(group, name.port().getAsInt(), name.instantiation().isPresent()));
        } catch (RuntimeException | java.net.UnknownHostException e) {
            problems.accept("AMT relay: join " + name + " failed: " + e.getMessage());
        }
    }

    private void received(Message m) {
        Joined j = joined.get(m.groupName());
        String from = m.source().orElse(null);
        if (j == null || from == null) {
            return;
        }
        InetSocketAddress sender = senders.get(from);
        if (sender == null) {
            sender = parseSender(from);
            if (sender == null) {
                return;
            }
            if (senders.size() >= MAX_CACHED_SENDERS) {
                senders.clear();
            }
            senders.put(from, sender);
        }
        forwarder.forward(sender.getAddress(), sender.getPort(), j.group(), j.port(), j.sourceSpecific(), m.payload());
    }

    /** "198.18.1.1:40000" or "[2001:2::1]:40000", as the IP technologies name senders. */
    private static InetSocketAddress parseSender(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            return null;
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(text.substring(0, colon)), Integer.parseInt(text.substring(colon + 1)));
        } catch (java.net.UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }

    private List<HamUri> names(SourceGroup channel) {
        List<HamUri> names = new ArrayList<>(ports.size());
        for (int port : ports) {
            names.add(HamUri.parse("ham:ip:" + literal(channel.group()) + (channel.source() != null ? "@" + literal(channel.source()) : "")
                    + ":" + port));
        }
        return names;
    }

    private static String literal(InetAddress a) {
        return a instanceof java.net.Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
    }

    List<String> describe() {
        return joined.keySet().stream().map(HamUri::toString).sorted().toList();
    }

    void close() {
        worker.execute(() -> {
            if (socket != null) {
                socket.close();
            }
        });
        worker.shutdown();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
