package org.polycast.reload.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wireshark's RELOAD dissector as an independent oracle: every sample message, framed as on a link
 * (RFC 6940 §6.6.2) and written as TCP to port 6084, must decode as RELOAD with no malformed packet
 * and no expert warning. As root the test command provisions tshark (tools/provision-test-tools.sh), so there a missing
 * tshark fails the test; it is skipped, loudly, only for other users or with {@code POLYCAST_PROVISION=no}.
 */
class TsharkDecodeTest {
    @TempDir
    Path temp;

    @Test
    void wiresharkDecodesEveryMessageWithoutComplaint() throws Exception {
        boolean installed = Files.isExecutable(Path.of("/usr/bin/tshark")) && Files.isExecutable(Path.of("/usr/bin/text2pcap"));
        boolean provisioned = "0".equals(System.getenv("POLYCAST_HOST_UID")) && !"no".equals(System.getenv("POLYCAST_PROVISION"));
        if (!installed && provisioned) {
            fail("tshark and text2pcap are not installed although the test command provisions them as root; run tools/provision-test-tools.sh");
        }
        if (!installed) {
            System.err.println("\n*** SKIPPING TsharkDecodeTest: tshark is not installed (tools/provision-test-tools.sh says how) ***\n");
        }
        assumeTrue(installed, "tshark not installed");
        StringBuilder dump = new StringBuilder();
        List<ReloadMessage> samples = Samples.all();
        long sequence = 0;
        for (ReloadMessage m : samples) {
            byte[] body = m.encode();
            byte[] frame = new byte[8 + body.length];
            frame[0] = (byte) Frame.DATA;
            frame[1] = (byte) (sequence >>> 24);
            frame[4] = (byte) sequence++;
            frame[5] = (byte) (body.length >>> 16);
            frame[6] = (byte) (body.length >>> 8);
            frame[7] = (byte) body.length;
            System.arraycopy(body, 0, frame, 8, body.length);
            for (int i = 0; i < frame.length; i += 16) {
                dump.append(String.format("%06x", i));
                for (int j = i; j < Math.min(frame.length, i + 16); j++) {
                    dump.append(String.format(" %02x", frame[j] & 0xff));
                }
                dump.append('\n');
            }
        }
        Path text = temp.resolve("frames.txt");
        Path pcap = temp.resolve("frames.pcap");
        Files.writeString(text, dump);
        run(List.of("/usr/bin/text2pcap", "-q", "-T", "40000,6084", text.toString(), pcap.toString()));
        String decoded = run(List.of("/usr/bin/tshark", "-r", pcap.toString(), "-Y", "reload"));
        assertEquals(samples.size(), decoded.lines().count(), "every frame decodes as RELOAD:\n" + decoded);
        String complaints = run(List.of("/usr/bin/tshark", "-r", pcap.toString(), "-Y", "_ws.malformed || _ws.expert.severity >= \"warning\""));
        if (!complaints.isBlank()) {
            String expert = run(List.of("/usr/bin/tshark", "-r", pcap.toString(), "-q", "-z", "expert"));
            throw new AssertionError("malformed or warned frames:\n" + complaints + expert);
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError(command + " failed: " + out);
        }
        return out.lines().filter(l -> !l.contains("Running as user \"root\"")).reduce("", (a, b) -> a + b + "\n");
    }
}
