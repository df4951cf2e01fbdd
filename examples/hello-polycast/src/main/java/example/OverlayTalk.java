package example;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.polycast.api.HamUri;
import org.polycast.api.Message;
import org.polycast.api.MulticastSocket;
import org.polycast.embedded.Polycast;

/**
 * The same group over the RELOAD overlay, for hosts that reach each other by unicast only:
 * {@code OverlayTalk listen|send OVERLAY_NAME LISTEN_ADDRESS [BOOTSTRAP_HOST:PORT]}. listen prints the first message
 * to ham:opaque:hello (within 60 s); send sends one there. The first peer of an overlay has no bootstrap.
 */
public class OverlayTalk {
    public static void main(String[] args) throws Exception {
        Map<String, Object> overlay = new HashMap<>(Map.of("overlay", args[1], "listenAddress", args[2]));
        if (args.length > 3) {
            overlay.put("bootstrap", new String[] {args[3]});
        }
        try (Polycast polycast = Polycast.builder().technologies("overlay", "alm").configure("org.polycast.reload", overlay)
                .awaitInterface("alm").startTimeout(Duration.ofSeconds(90)).start();
                MulticastSocket socket = polycast.service().createSocket()) {
            HamUri group = HamUri.parse("ham:opaque:hello");
            socket.join(group);
            if (args[0].equals("send")) {
                socket.send(group, "hello over the overlay".getBytes(StandardCharsets.UTF_8));
                System.out.println("sent over " + polycast.service().interfaces());
                Thread.sleep(2000); // the ALM tree forwards it; a member that leaves at once may take it along
                return;
            }
            System.out.println("listening on " + polycast.service().interfaces());
            Message m = socket.receive(Duration.ofSeconds(60)).orElseThrow(() -> new IllegalStateException("nothing arrived within 60 s"));
            System.out.println("received '" + m.payloadAsText() + "' on interface " + m.interfaceIndex() + " from " + m.source().orElse("?"));
        }
    }
}
