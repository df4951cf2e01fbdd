package org.polycast.alm.internal.hybrid;

import java.util.List;
import java.util.regex.Pattern;

import org.polycast.api.HamUri;
import org.polycast.api.InterfaceProperties;
import org.polycast.api.MessageListener;
import org.polycast.api.MulticastService;
import org.polycast.api.MulticastSocket;

/** The sockets of the paths beside the tree: through a tunnel to the relay (AMT), or native multicast in its region. */
final class PathSockets {
    private PathSockets() {
    }

    /**
     * Joins a group name through the tunnel Interface to the relay; if it is not up yet (the first call opens it), returns
     * null, and a later call joins.
     */
    static MulticastSocket joinAmt(MulticastService service, HybridDelivery.Services services, HybridCounters counters, String relay, HamUri name,
            MessageListener listener) {
        java.util.Optional<HybridDelivery.Tunnel> tunnel;
        try {
            tunnel = services.tunnel(relay);
        } catch (IllegalArgumentException | IllegalStateException e) {
            counters.count("amt-tunnels-refused");
            return null;
        }
        if (tunnel.isEmpty()) {
            counters.count("no-tunnel-provider");
            return null;
        }
        HybridDelivery.Tunnel t = tunnel.get();
        InterfaceProperties amt = service.interfaces().stream().filter(i -> t.technology().equals(i.technology()) && t.interfaceName().equals(i.name()))
                .findFirst().orElse(null);
        if (amt == null) {
            counters.count("amt-tunnels-pending");
            return null;
        }
        return join(service, List.of(amt.index()), name, listener, counters, "amt");
    }

    /** Joins a group name natively on this peer's ip Interfaces whose name matches {@code names} (a glob; empty: all of them). */
    static MulticastSocket joinNative(MulticastService service, String names, HamUri name, MessageListener listener, HybridCounters counters) {
        Pattern glob = names.isEmpty() ? null : Pattern.compile(names.replace(".", "\\.").replace("*", ".*").replace("?", "."));
        List<Integer> native_ = service.interfaces().stream().filter(i -> "ip".equals(i.technology()) && (glob == null || glob.matcher(i.name()).matches()))
                .map(InterfaceProperties::index).toList();
        if (native_.isEmpty()) {
            counters.count("region-interface-missing");
            return null;
        }
        return join(service, native_, name, listener, counters, "region");
    }

    private static MulticastSocket join(MulticastService service, List<Integer> interfaces, HamUri name, MessageListener listener, HybridCounters counters,
            String path) {
        MulticastSocket s = service.createSocket(interfaces);
        try {
            s.setMessageListener(listener);
            s.join(name);
            counters.count(path + "-joins");
            return s;
        } catch (RuntimeException e) {
            counters.count(path + "-join-failed");
            close(s, counters);
            return null;
        }
    }

    static void close(MulticastSocket s, HybridCounters counters) {
        if (s != null) {
            try {
                s.close();
            } catch (RuntimeException e) {
                counters.count("socket-close-failed");
            }
        }
    }
}
