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

/** ham:cat as a pipe between two hosts over native multicast: lines in order, and bytes unchanged. */
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

    @Test
    void linesAndBytesGoThroughAGroupAsThroughAPipe() throws Exception {
        bed = NetnsTestBed.create(2, 44);
        List<String> lines = IntStream.rangeClosed(1, 100).mapToObj(i -> "line " + i + " of the log").toList();
        Path text = Files.write(temp.resolve("in.txt"), lines);
        Path received = temp.resolve("out.txt");
        Process rx = polycast(2, "rx", "ham:cat recv ham:opaque:pipe --count 100 --timeout 30000", null, received);
        awaitListening(2);
        Process tx = polycast(1, "tx", "ham:cat send ham:opaque:pipe", text, temp.resolve("tx.out"));
        assertTrue(tx.waitFor(STEP.toSeconds(), TimeUnit.SECONDS) && tx.exitValue() == 0, () -> "the sender: " + read("tx.err"));
        assertTrue(rx.waitFor(STEP.toSeconds(), TimeUnit.SECONDS), "the receiver ended");
        assertEquals(0, rx.exitValue(), () -> "the receiver: " + read("rx.err"));
        assertEquals(lines, Files.readAllLines(received), "every line, once, in order");
        assertTrue(read("tx.err").contains("sent 100 messages"), () -> read("tx.err"));

        byte[] bytes = new byte[50_000];
        new Random(44).nextBytes(bytes);
        Path binary = Files.write(temp.resolve("in.bin"), bytes);
        Path copy = temp.resolve("out.bin");
        Process rxRaw = polycast(2, "rx2", "ham:cat recv ham:opaque:bytes --count 50 --timeout 30000 --raw", null, copy);
        awaitListening(2);
        Process txRaw = polycast(1, "tx2", "ham:cat send ham:opaque:bytes --chunk 1000", binary, temp.resolve("tx2.out"));
        assertTrue(txRaw.waitFor(STEP.toSeconds(), TimeUnit.SECONDS) && txRaw.exitValue() == 0, () -> "the raw sender: " + read("tx2.err"));
        assertTrue(rxRaw.waitFor(STEP.toSeconds(), TimeUnit.SECONDS) && rxRaw.exitValue() == 0, () -> "the raw receiver: " + read("rx2.err"));
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
