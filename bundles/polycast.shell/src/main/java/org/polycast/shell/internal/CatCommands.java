package org.polycast.shell.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.polycast.api.HamUri;
import org.polycast.api.Message;
import org.polycast.api.MulticastService;
import org.polycast.api.MulticastSocket;

/**
 * {@code ham:cat}: a group as a pipe for scripts. {@code send} reads standard input to its end and sends each line (or
 * each chunk of bytes) as one message; {@code recv} writes what arrives to standard output, a line per message (or the
 * bytes as they are). Under {@code ./polycast -c} these are the process's own standard streams.
 */
@Component(service = CatCommands.class, property = {"osgi.command.scope=ham", "osgi.command.function=cat"})
public class CatCommands {
    static final String HELP = "ham:cat send URI [--chunk N] [--interface IF]\n"
            + "  Reads standard input to its end: each line becomes one message (without its newline), or with --chunk each N bytes.\n"
            + "ham:cat recv URI [--count N] [--timeout MS] [--raw] [--interface IF]\n"
            + "  Joins the group and writes each message to standard output followed by a newline (--raw: the bytes only),\n"
            + "  until COUNT messages or MS milliseconds without one (default: until interrupted).\n"
            + "  Copies arriving over several Interfaces are delivered once, but not always in order: for a strict pipe,\n"
            + "  receive over one Interface (--interface, an index or a name as ham:interfaces shows).\n"
            + "Examples: ./polycast -c \"ham:cat send ham:opaque:logs\" < app.log\n"
            + "          ./polycast -c \"ham:cat recv ham:opaque:logs --count 100\" > copy.log";
    private final MulticastService service;

    @Activate
    public CatCommands(@Reference MulticastService service) {
        this.service = service;
    }

    @Descriptor("a group as a pipe: ham:cat send URI < file, ham:cat recv URI > file (ham:cat --help)")
    public void cat(CommandSession session, String... args) throws IOException, InterruptedException {
        Args a = new Args("ham:cat", args, Set.of("chunk", "count", "timeout", "interface"), Set.of("raw"));
        if (a.help()) {
            session.getConsole().println(HELP);
            return;
        }
        a.expect(2, 2, "ham:cat send URI [--chunk N] | ham:cat recv URI [--count N] [--timeout MS] [--raw] (ham:cat --help)");
        HamUri group = a.uri(1).groupName();
        String only = a.text("interface");
        switch (a.string(0)) {
            case "send" -> send(session.getKeyboard(), group, (int) a.option("chunk", 0, 0, service.getMaxMsgSize()), only);
            case "recv" -> recv(session.getConsole(), group, a.option("count", 0, 0, Long.MAX_VALUE), a.option("timeout", 0, 0, 86_400_000), a.flag("raw"),
                    only);
            default -> throw new IllegalArgumentException("ham:cat: '" + Text.clip(a.string(0)) + "' is neither send nor recv (ham:cat --help)");
        }
    }

    /** A socket on the default Interfaces, or on those of one index or name. */
    private MulticastSocket socket(String only) {
        if (only == null) {
            return service.createSocket();
        }
        java.util.List<Integer> chosen = service.interfaces().stream()
                .filter(p -> p.name().equals(only) || String.valueOf(p.index()).equals(only)).map(org.polycast.api.InterfaceProperties::index).toList();
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("ham:cat: no Interface '" + Text.clip(only) + "'; the Interfaces are "
                    + service.interfaces().stream().map(p -> p.index() + " (" + p.technology() + " " + p.name() + ")").toList());
        }
        return service.createSocket(chosen);
    }

    private void send(InputStream in, HamUri group, int chunk, String only) throws IOException {
        long sent = 0;
        try (MulticastSocket s = socket(only)) {
            if (chunk > 0) {
                byte[] buffer = new byte[chunk];
                for (int n; (n = in.readNBytes(buffer, 0, chunk)) > 0; ) {
                    s.send(group, java.util.Arrays.copyOf(buffer, n));
                    sent++;
                }
            } else {
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String line; (line = r.readLine()) != null; ) {
                    s.send(group, line.getBytes(StandardCharsets.UTF_8));
                    sent++;
                }
            }
        }
        // A status line on the process's own standard error, apart from the data (Gogo redirects System.err per thread).
        java.io.PrintStream err = new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
        err.println("ham:cat: sent " + sent + " messages to " + group);
    }

    private void recv(PrintStream out, HamUri group, long count, long idleMillis, boolean raw, String only) throws InterruptedException {
        try (MulticastSocket s = socket(only)) {
            s.join(group);
            for (long got = 0; count == 0 || got < count; got++) {
                Optional<Message> m = idleMillis > 0 ? s.receive(Duration.ofMillis(idleMillis)) : Optional.of(s.receive());
                if (m.isEmpty()) {
                    if (count > 0) {
                        throw new IllegalStateException("ham:cat: received " + got + " of " + count + " messages (" + idleMillis + " ms without one)");
                    }
                    return;
                }
                out.write(m.get().payload(), 0, m.get().payload().length);
                if (!raw) {
                    out.write('\n');
                }
                out.flush();
            }
        }
    }
}
