package org.polycast.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The fragment header and the reassembler under hostile datagrams: a datagram is unfragmented, a valid fragment,
 * or a {@code MalformedFragmentException}; the reassembler never throws, never holds more than its limit, and only
 * completes messages of exactly the announced length. Structured mutation in every build
 * ({@code polycast.fuzz.iterations}), Jazzer by flag:
 * {@code JAZZER_FUZZ=1 mvn test -pl bundles/polycast.core -Dtest=FragmentFuzzTest#coverageGuided}.
 */
class FragmentFuzzTest {
    private static final int MAX_MESSAGE = 65536;

    @Test
    void mutatedFragmentsAreTakenOrRefusedAndNeverBreakTheReassembler() {
        int iterations = Integer.getInteger("polycast.fuzz.iterations", 200_000);
        Random random = new Random(32);
        byte[] message = new byte[5000];
        random.nextBytes(message);
        List<ByteBuffer> fragments = Fragmenter.split(message, 1200, 77, 5);
        Reassembler reassembler = new Reassembler(64, 5000, quiet());
        int refused = 0;
        int completed = 0;
        for (int i = 0; i < iterations; i++) {
            byte[] d = bytes(fragments.get(random.nextInt(fragments.size())));
            for (int edits = 1 + random.nextInt(3); edits > 0 && d.length > 0; edits--) {
                int at = random.nextInt(d.length);
                switch (random.nextInt(3)) {
                    case 0 -> d[at] ^= (byte) (1 << random.nextInt(8));
                    case 1 -> d[random.nextInt(Math.min(d.length, FragmentHeader.LENGTH))] = (byte) random.nextInt(256);
                    default -> d = java.util.Arrays.copyOf(d, at);
                }
            }
            int outcome = feed(reassembler, d);
            refused += outcome < 0 ? 1 : 0;
            completed += outcome > 0 ? 1 : 0;
        }
        System.out.println("fragment fuzz: " + iterations + " datagrams, " + refused + " refused, " + completed + " completed a message");
        assertTrue(refused > 0, "mutations were refused");
    }

    @FuzzTest(maxDuration = "5m")
    void coverageGuided(FuzzedDataProvider data) {
        Reassembler r = new Reassembler(8, 5000, quiet());
        while (data.remainingBytes() > 0) {
            feed(r, data.consumeBytes(data.consumeInt(0, 2000)));
        }
    }

    /** -1 refused, 1 completed a message (of the announced length), 0 otherwise. */
    private static int feed(Reassembler r, byte[] datagram) {
        ByteBuffer b = ByteBuffer.wrap(datagram);
        FragmentHeader h;
        try {
            h = FragmentHeader.read(b, MAX_MESSAGE);
        } catch (FragmentHeader.MalformedFragmentException e) {
            return -1;
        }
        if (h == null) {
            return 0; // unfragmented: delivered as it is
        }
        Reassembler.Complete c = r.add(h, b);
        if (c != null) {
            assertTrue(c.payload().length == h.totalLength(), "a completed message has the announced length");
            return 1;
        }
        return 0;
    }

    private static Reassembler.Listener quiet() {
        return new Reassembler.Listener() {
            @Override
            public void gaveUp(int count) {
            }

            @Override
            public void malformed(String reason) {
            }
        };
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    @Test
    void theUntouchedFragmentsReassemble() throws Exception {
        byte[] message = new byte[3000];
        new Random(3).nextBytes(message);
        Reassembler r = new Reassembler(4, 5000, quiet());
        Reassembler.Complete done = null;
        for (ByteBuffer f : Fragmenter.split(message, 1000, 1, 1)) {
            ByteBuffer b = f.duplicate();
            done = r.add(FragmentHeader.read(b, MAX_MESSAGE), b);
        }
        assertArrayEquals(message, done.payload());
    }
}
