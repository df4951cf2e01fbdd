package org.polycast.itest.netns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A tcpdump capture on one link of a test host (AMT traffic, UDP port 2268, unless another filter is
 * given), read back with tshark as an independent decoder. Both come from Debian packages that
 * .ci/run installs.
 */
final class Capture {
    private final HostProcess tcpdump;
    private final Path file;

    private Capture(HostProcess tcpdump, Path file) {
        this.tcpdump = tcpdump;
        this.file = file;
    }

    static Capture start(NetnsTestBed bed, int host, String link, Path file) throws IOException, InterruptedException {
        return start(bed, host, link, file, List.of("udp", "port", "2268"));
    }

    static Capture start(NetnsTestBed bed, int host, String link, Path file, List<String> filter) throws IOException, InterruptedException {
        return start("tcpdump-h" + host, bed.command(host, tcpdump(link, file, filter)), file);
    }

    /** A capture of every host's traffic on the bridge that joins them. */
    static Capture onBridge(NetnsTestBed bed, Path file, List<String> filter) throws IOException, InterruptedException {
        return start("tcpdump-bridge", bed.bridgeCommand(tcpdump("br0", file, filter)), file);
    }

    private static List<String> tcpdump(String link, Path file, List<String> filter) {
        List<String> cmd = new java.util.ArrayList<>(List.of("tcpdump", "-i", link, "-U", "-n", "-w", file.toString()));
        cmd.addAll(filter);
        return cmd;
    }

    private static Capture start(String label, ProcessBuilder command, Path file) throws IOException, InterruptedException {
        HostProcess p = HostProcess.start(label, command);
        p.awaitLine(l -> l.contains("listening on"), Duration.ofSeconds(20), "tcpdump listening (is tcpdump installed?)");
        return new Capture(p, file);
    }

    HostProcess process() {
        return tcpdump;
    }

    void stop() throws InterruptedException {
        tcpdump.stop(Duration.ofSeconds(10));
    }

    /** One line per AMT message: type, tab, expert messages. */
    List<String> amtMessages() throws IOException, InterruptedException {
        return tshark("-Y", "amt", "-T", "fields", "-e", "amt.type", "-e", "_ws.expert.message");
    }

    /** Frames with any expert information (malformed, bad checksum), with outer UDP and IPv4 checksum checks on. */
    List<String> problems() throws IOException, InterruptedException {
        return tshark("-o", "udp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE", "-T", "fields", "-e", "frame.number", "-e", "_ws.col.Info",
                "-e", "_ws.expert.message").stream().filter(l -> l.split("\t", -1).length > 2 && !notes(l.split("\t", -1)[2]).isEmpty()).toList();
    }

    private static final java.util.regex.Pattern TRACEROUTE_NOTE = java.util.regex.Pattern.compile("Possible traceroute: hop #\\d+, attempt #\\d+");

    /**
     * Expert messages other than Wireshark's "Possible traceroute" note, which only says that a UDP port lies in the
     * traceroute range (33434-33534): an ephemeral port picked there now and then, not a fault of the packet.
     */
    static List<String> notes(String expert) {
        // The note itself holds a comma ("hop #8, attempt #3"), so it goes before the messages are split.
        String rest = TRACEROUTE_NOTE.matcher(expert).replaceAll("");
        return java.util.Arrays.stream(rest.split(",")).map(String::trim).filter(m -> !m.isEmpty()).toList();
    }

    List<String> tshark(String... args) throws IOException, InterruptedException {
        // The tests' data ports carry text, not what Wireshark registers there (5000 is "tapa"): decode it as plain data.
        List<String> cmd = new java.util.ArrayList<>(List.of("tshark", "-n", "-r", file.toString(), "-d", "udp.port==5000,data", "-d",
                "udp.port==5001,data"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("tshark failed on " + file + ": " + out);
        }
        return out.lines().toList();
    }
}
