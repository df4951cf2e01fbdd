package org.polycast.bridge.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.polycast.api.HamUri;
import org.polycast.api.MulticastService;
import org.polycast.api.MulticastSocket;

/**
 * The bridges of this runtime, started from the shell ({@code ham:bridge}) or from configurations (factory PID
 * {@code org.polycast.bridge}). Each has a name; starting one under a name in use is refused.
 */
@Component(service = Bridges.class, immediate = true, property = {"osgi.command.scope=ham", "osgi.command.function=bridge"})
public class Bridges {
    static final String HELP = "ham:bridge                       lists the bridges: direction, UDP address, group, datagrams and bytes forwarded, failures\n"
            + "ham:bridge in [HOST:]PORT URI     forwards every datagram arriving on the local UDP address (default host 127.0.0.1) to the group\n"
            + "ham:bridge out URI [HOST:]PORT    joins the group and sends every message as a datagram to the UDP address\n"
            + "ham:bridge stop NAME              stops one (the name ham:bridge lists, e.g. in-5000)\n"
            + "Example, ffmpeg over any technology: ham:bridge in 5000 ham:opaque:tv on one host, ham:bridge out ham:opaque:tv 6000 on another,\n"
            + "  ffmpeg ... -f mpegts udp://127.0.0.1:5000?pkt_size=1316 and ffplay udp://127.0.0.1:6000.\n"
            + "Configured bridges: conf/org.polycast.bridge-NAME.cfg with direction=in|out, udp=[HOST:]PORT, group=URI.";
    private static final int RECEIVE_BUFFER = 4 << 20;

    private final MulticastService polycast;
    private final Map<String, Bridge> running = new LinkedHashMap<>();

    @Activate
    public Bridges(@Reference MulticastService polycast) {
        this.polycast = polycast;
    }

    /** Gogo {@code ham:bridge [in|out|stop ...]}. */
    public Object bridge(String... args) throws IOException {
        if (args.length == 0) {
            return list();
        }
        switch (args[0]) {
            case "--help", "-h" -> {
                return HELP;
            }
            case "in" -> {
                expect(args, 3, "ham:bridge in [HOST:]PORT URI");
                InetSocketAddress udp = UdpEndpoint.parse(args[1]);
                return start("in-" + udp.getPort(), Direction.IN, udp, HamUri.parse(args[2]));
            }
            case "out" -> {
                expect(args, 3, "ham:bridge out URI [HOST:]PORT");
                InetSocketAddress udp = UdpEndpoint.parse(args[2]);
                return start("out-" + udp.getPort(), Direction.OUT, udp, HamUri.parse(args[1]));
            }
            case "stop" -> {
                expect(args, 2, "ham:bridge stop NAME");
                stop(args[1]);
                return "stopped " + args[1];
            }
            default -> throw new IllegalArgumentException("ham:bridge: unknown '" + args[0] + "'; use in, out or stop (ham:bridge --help)");
        }
    }

    private static void expect(String[] args, int count, String usage) {
        if (args.length != count) {
            throw new IllegalArgumentException("usage: " + usage + " (ham:bridge --help)");
        }
    }

    synchronized List<BridgeStatus> list() {
        List<BridgeStatus> out = new ArrayList<>();
        running.values().forEach(b -> out.add(b.status()));
        return out;
    }

    /** Starts a bridge; its status. */
    synchronized BridgeStatus start(String name, Direction direction, InetSocketAddress udp, HamUri group) throws IOException {
        if (running.containsKey(name)) {
            throw new IllegalArgumentException("a bridge named " + name + " runs already (ham:bridge stop " + name + " first)");
        }
        MulticastSocket socket = polycast.createSocket();
        Bridge b;
        try {
            b = direction == Direction.IN ? new InboundBridge(name, udp, group, socket, RECEIVE_BUFFER) : new OutboundBridge(name, group, udp, socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        running.put(name, b);
        return b.status();
    }

    synchronized void stop(String name) {
        Bridge b = running.remove(name);
        if (b == null) {
            throw new IllegalArgumentException("no bridge named " + name + "; the bridges are " + running.keySet());
        }
        b.close();
    }

    @Deactivate
    synchronized void close() {
        running.values().forEach(Bridge::close);
        running.clear();
    }
}
