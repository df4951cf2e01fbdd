package org.polycast.benchmarks;

import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.polycast.api.HamUri;
import org.polycast.api.MulticastService;
import org.polycast.api.MulticastSocket;

/**
 * The Polycast path: the core and the IPv4 technology in an embedded framework ({@link EmbeddedPolycast}),
 * the IPv4 technology restricted to one interface by configuration. The Interface is picked by technology as
 * well as name: the loopback technology's Interface (its bundle is in the directory for the gateway benchmark)
 * is called {@code lo} too, and would deliver in process without touching a socket.
 */
final class PolycastEndpoint implements Endpoint {
    private final EmbeddedPolycast runtime;
    private final MulticastService service;
    private final List<MulticastSocket> sockets = new ArrayList<>();
    private final MulticastSocket sender;
    private final Map<String, HamUri> names = new HashMap<>();

    private final boolean direct;
    private final int index;

    /** @param ipFragmentation let the kernel fragment large datagrams as raw Netty does, instead of the core */
    PolycastEndpoint(String iface, File bundleDir, boolean direct, boolean ipFragmentation) throws Exception {
        this.direct = direct;
        runtime = new EmbeddedPolycast(bundleDir, Map.of("org.polycast.ipv4.cfg", "interfaces=" + iface + "\nincludeLoopback=true\ndefaultTtl=1\n"
                + "ipFragmentation=" + ipFragmentation + "\n"));
        service = runtime.service();
        int index = runtime.await(p -> p.technology().equals("ip") && p.name().equals(iface), 1, "IPv4 interface " + iface).get(0).index();
        sender = open(index);
        this.index = index;
    }

    private MulticastSocket open(int ifIndex) {
        MulticastSocket s = service.createSocket(List.of(ifIndex));
        sockets.add(s);
        return s;
    }

    private String lastGroup;
    private int lastPort;
    private HamUri lastName;

    /** The Group Name, cached as an application would keep it (no string work per message). */
    private HamUri name(String group, int port) {
        if (group.equals(lastGroup) && port == lastPort) {
            return lastName;
        }
        HamUri n = names.computeIfAbsent(group + ":" + port, k -> HamUri.parse("ham:ip:" + k));
        lastGroup = group;
        lastPort = port;
        lastName = n;
        return n;
    }

    @Override
    public void receive(String group, int port, Consumer<byte[]> sink) {
        MulticastSocket s = open(index);
        s.join(name(group, port));
        if (direct) {
            s.setMessageListener((org.polycast.api.DirectMessageListener) m -> sink.accept(m.payload()));
        } else {
            s.setMessageListener(m -> sink.accept(m.payload()));
        }
    }

    @Override
    public void send(String group, int port, byte[] payload) {
        sender.send(name(group, port), payload);
    }

    @Override
    public void close() throws Exception {
        sockets.forEach(MulticastSocket::close);
        runtime.close();
    }
}
