package example;

import java.time.Duration;

import org.polycast.api.HamUri;
import org.polycast.api.Message;
import org.polycast.api.MulticastSocket;
import org.polycast.embedded.Polycast;

/** Joins ham:opaque:hello and prints the first message another host sends to it (within 30 s); the arguments name the technologies. */
public class Listen {
    public static void main(String[] args) throws Exception {
        try (Polycast polycast = Polycast.builder().technologies(args.length > 0 ? args : new String[] {"ipv4"}).start();
                MulticastSocket socket = polycast.service().createSocket()) {
            socket.join(HamUri.parse("ham:opaque:hello"));
            System.out.println("listening on " + polycast.service().interfaces());
            Message m = socket.receive(Duration.ofSeconds(30)).orElseThrow(() -> new IllegalStateException("nothing arrived within 30 s"));
            System.out.println("received '" + m.payloadAsText() + "' on interface " + m.interfaceIndex() + " from " + m.source().orElse("?"));
        }
    }
}
