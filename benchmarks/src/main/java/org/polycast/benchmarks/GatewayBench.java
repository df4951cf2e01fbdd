package org.polycast.benchmarks;

import java.io.File;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.polycast.api.DirectMessageListener;
import org.polycast.api.HamUri;
import org.polycast.api.InterfaceProperties;
import org.polycast.api.MulticastService;
import org.polycast.api.MulticastSocket;

/**
 * The gateway's forwarding rate, in one JVM (run it in a namespace with only {@code lo}): the core, the
 * loopback and IPv4 technologies and polycast.gateway in an embedded Felix; a route carries
 * {@code ham:opaque:gw-in} from the loopback technology to {@code ham:ip:239.7.7.7:5070} on lo. A receiver
 * socket on the IPv4 Interface counts what arrives. Baseline in the same run: the sender sends to the IPv4
 * group itself. Unthrottled sender, 1 s warm-up, then {@code seconds} measured; one line per path and payload:
 * {@code RESULT bench=gateway path=direct|gateway payload=N msgs_per_s=R}.
 */
public final class GatewayBench {
    private static final HamUri IN = HamUri.parse("ham:opaque:gw-in");
    private static final HamUri OUT = HamUri.parse("ham:ip:239.7.7.7:5070");

    private GatewayBench() {
    }

    public static void main(String[] args) throws Exception {
        Options o = new Options(args);
        int seconds = Integer.parseInt(o.get("seconds", "5"));
        Map<String, String> conf = Map.of("org.polycast.ipv4.cfg", "interfaces=lo\nincludeLoopback=true\ndefaultTtl=1\n",
                "org.polycast.gateway-bench.cfg", "name=bench\nsideA=loopback\nsideB=ip:lo\ngroups=" + IN + "=" + OUT + "\ndirection=a-to-b\nelection=off\n");
        try (EmbeddedPolycast runtime = new EmbeddedPolycast(new File(o.get("bundles", "benchmarks/target/bundles")), conf)) {
            InterfaceProperties ip = runtime.await(p -> p.technology().equals("ip"), 1, "ip interface").get(0);
            InterfaceProperties loopback = runtime.await(p -> p.technology().equals("loopback"), 1, "loopback interface").get(0);
            Thread.sleep(2000); // the route's sockets join
            MulticastService service = runtime.service();
            for (String payload : o.get("payloads", "64,1024").split(",")) {
                int size = Integer.parseInt(payload);
                System.out.println(result("direct", size, rate(service, ip, ip, OUT, size, seconds)));
                System.out.println(result("gateway", size, rate(service, ip, loopback, IN, size, seconds)));
            }
        }
    }

    private static String result(String path, int payload, double rate) {
        return String.format("RESULT bench=gateway path=%s payload=%d msgs_per_s=%.0f", path, payload, rate);
    }

    /** Messages per second arriving on the IPv4 receiver while a sender on {@code from} sends to {@code group} as fast as it can. */
    private static double rate(MulticastService service, InterfaceProperties ip, InterfaceProperties from, HamUri group, int size, int seconds)
            throws Exception {
        AtomicLong received = new AtomicLong();
        try (MulticastSocket rx = service.createSocket(List.of(ip.index())); MulticastSocket tx = service.createSocket(List.of(from.index()))) {
            rx.setMessageListener((DirectMessageListener) m -> received.incrementAndGet());
            rx.join(OUT);
            Thread.sleep(500);
            byte[] payload = new byte[size];
            long warmUpEnd = System.nanoTime() + 1_000_000_000L;
            long end = warmUpEnd + seconds * 1_000_000_000L;
            long startCount = -1;
            long now;
            while ((now = System.nanoTime()) < end) {
                if (startCount < 0 && now >= warmUpEnd) {
                    startCount = received.get();
                }
                ByteBuffer.wrap(payload).putLong(0, now);
                tx.send(group, payload);
            }
            Thread.sleep(200);
            return (received.get() - startCount) / (double) seconds;
        }
    }
}
