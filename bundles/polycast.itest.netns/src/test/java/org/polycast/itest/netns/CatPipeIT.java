package org.polycast.itest.netns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/**
 * ham:cat as a pipe between two hosts over native multicast: lines in order, and bytes unchanged. The receiver takes
 * one Interface: over IPv4 and IPv6 of one network each message arrives twice, once delivered, but the two paths can
 * reorder it (seen: the second 1,000-byte chunk before the first).
 */
class CatPipeIT extends NamespaceTestSupport {
    private static final Duration STEP = Duration.ofSeconds(90);

    private Process polycast(int host, String home, String commands, Path stdin, Path stdout) throws Exception {
        String root = System.getProperty("polycast.root", "../..");
        ProcessBuilder b = bed.command(host, List.of(root + "/polycast", "--image", "native", "--home", temp.resolve(home).toString(), "-c", commands));
        if (stdin != null) {
            b.redirectInput(stdin.toFile());
        }
        b.redirectErrorStream(false); // the data alone on standard output
        b.redirectOutput(stdout.toFile());
        b.redirectError(temp.resolve(home + ".err").toFile());
        return b.start();
    }

    private void awaitListening(int host) throws Exception {
        long deadline = System.nanoTime() + STEP.toNanos();
        while (!bed.output(host, "ip", "maddr", "show", "dev", bed.iface(host)).contains("239.")) {
            assertTrue(System.nanoTime() < deadline, "the receiver joined");
            Thread.sleep(200);
        }
    }

    /** Runs {@code recv} on host 2 into {@code output}, then {@code send} on host 1 from {@code input}; both must exit 0. */
    private void pipe(String name, String recv, String send, Path input, Path output) throws Exception {
        Process rx = polycast(2, name + "-rx", recv, null, output);
        awaitListening(2);
        Process tx = polycast(1, name + "-tx", send, input, temp.resolve(name + "-tx.out"));
        assertTrue(tx.waitFor(STEP.toSeconds(), TimeUnit.SECONDS) && tx.exitValue() == 0, () -> "the sender: " + read(name + "-tx.err"));
        assertTrue(rx.waitFor(STEP.toSeconds(), TimeUnit.SECONDS) && rx.exitValue() == 0, () -> "the receiver: " + read(name + "-rx.err"));
    }

    @Test
    void linesAndBytesGoThroughAGroupAsThroughAPipe() throws Exception {
        bed = NetnsTestBed.create(2, 44);
        List<String> lines = IntStream.rangeClosed(1, 100).mapToObj(i -> "line " + i + " of the log").toList();
        Path received = temp.resolve("out.txt");
        pipe("text", "ham:cat recv ham:opaque:pipe --count 100 --timeout 30000 --interface " + bed.iface(2), "ham:cat send ham:opaque:pipe",
                Files.write(temp.resolve("in.txt"), lines), received);
        assertEquals(lines, Files.readAllLines(received), "every line, once, in order");
        assertTrue(read("text-tx.err").contains("sent 100 messages"), () -> read("text-tx.err"));

        byte[] bytes = new byte[50_000];
        new Random(44).nextBytes(bytes);
        Path copy = temp.resolve("out.bin");
        pipe("raw", "ham:cat recv ham:opaque:bytes --count 50 --timeout 30000 --raw --interface " + bed.iface(2), "ham:cat send ham:opaque:bytes --chunk 1000",
                Files.write(temp.resolve("in.bin"), bytes), copy);
        assertArrayEquals(bytes, Files.readAllBytes(copy), "the bytes, unchanged, in 50 messages of 1,000");
    }

    private String read(String file) {
        try {
            return Files.readString(temp.resolve(file));
        } catch (java.io.IOException e) {
            return "(" + e.getMessage() + ")";
        }
    }
}
