package example;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.polycast.api.HamUri;
import org.polycast.api.Message;
import org.polycast.api.MulticastSocket;
import org.polycast.embedded.Polycast;

/** Joins a group name, sends a message to it and receives it back; the arguments name the technologies (default loopback). */
public class Hello {
    public static void main(String[] args) throws Exception {
        String[] technologies = args.length > 0 ? args : new String[] {"loopback"};
        try (Polycast polycast = Polycast.builder().technologies(technologies).start();
                MulticastSocket socket = polycast.service().createSocket()) {
            HamUri group = HamUri.parse("ham:opaque:hello");
            socket.join(group);
            socket.send(group, "hello, world".getBytes(StandardCharsets.UTF_8));
            Message m = socket.receive(Duration.ofSeconds(5)).orElseThrow(
                    () -> new IllegalStateException("nothing came back within 5 s over " + polycast.service().interfaces()));
            System.out.println("received '" + m.payloadAsText() + "' on interface " + m.interfaceIndex() + " from " + m.source().orElse("?"));
        }
    }
}
