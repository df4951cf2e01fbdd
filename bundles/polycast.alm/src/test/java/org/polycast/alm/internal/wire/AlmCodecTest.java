package org.polycast.alm.internal.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class AlmCodecTest {
    static final String A = "0123456789abcdef0123456789abcdef";
    static final String B = "fedcba9876543210fedcba9876543210";
    static final String G = "25908fddad4f6825f99acdf6986514e0";

    /** One of every message, for round trips and as fuzzing seeds. */
    static List<AlmMessage> samples() {
        List<AlmOption> opts = List.of(AlmOption.of("max-children", "64"), new AlmOption("gone".getBytes(), false, new byte[0]));
        NodeStatistics.TreeData tree = new NodeStatistics.TreeData(7, 1, A, List.of(B), List.of(A, B), 3, 12, 40);
        return List.of(new AlmMessage.CreateTree(A, "ham:opaque:news".getBytes(), G, opts),
                new AlmMessage.OptionsResponse(AlmMessage.CREATE_TREE_RESPONSE, opts), new AlmMessage.Join(A, G, List.of()),
                new AlmMessage.JoinAccept(B, A, G, opts), new AlmMessage.Empty(AlmMessage.JOIN_REJECT), new AlmMessage.JoinConfirm(A, B, G, List.of()),
                new AlmMessage.Empty(AlmMessage.JOIN_CONFIRM_RESPONSE), new AlmMessage.JoinDecline(A, B, G),
                new AlmMessage.Empty(AlmMessage.JOIN_DECLINE_RESPONSE), new AlmMessage.Leave(A, G, List.of()), new AlmMessage.Empty(AlmMessage.LEAVE_RESPONSE),
                new AlmMessage.Reform(G, B, opts), new AlmMessage.OptionsResponse(AlmMessage.REFORM_RESPONSE, List.of()),
                new AlmMessage.Heartbeat(A, B, G, List.of()), new AlmMessage.OptionsResponse(AlmMessage.HEARTBEAT_RESPONSE, opts), new AlmMessage.NodeQuery(A, B),
                new AlmMessage.NodeQueryResponse(new NodeStatistics(100, 1, List.of(1), tree, List.of(tree), 5000, 2000, 5000, "polycast".getBytes())),
                new AlmMessage.Push(G, 255, "hello".getBytes()), new AlmMessage.OptionsResponse(AlmMessage.PUSH_RESPONSE, List.of()));
    }

    @Test
    void pushIsBitExact() throws Exception {
        byte[] b = AlmCodec.encode(AlmCodec.SCRIBE_SAM, new AlmMessage.Push(G, 255, new byte[] {1, 2}));
        assertEquals("d3414d42" + "0001" + "0a" + "0012" + G + "ff" + "00000002" + "00000002" + "0102", HexFormat.of().formatHex(b));
    }

    @Test
    void theAlmTreeRecordIsTheCreateBodyAlone() throws Exception {
        AlmMessage.CreateTree tree = new AlmMessage.CreateTree(G, "ham:opaque:news".getBytes(java.nio.charset.StandardCharsets.UTF_8), G,
                List.of(AlmOption.of("size", "12")));
        byte[] record = AlmCodec.almTree(tree);
        byte[] message = AlmCodec.encode(AlmCodec.SCRIBE_SAM, tree);
        assertArrayEquals(java.util.Arrays.copyOfRange(message, AlmCodec.HEADER_LENGTH, message.length), record, "RFC 7019 §12: the ALMTree structure");
        assertEquals(tree, AlmCodec.readAlmTree(record));
        byte[] longer = java.util.Arrays.copyOf(record, record.length + 1);
        assertThrows(AlmFormatException.class, () -> AlmCodec.readAlmTree(longer));
        assertThrows(AlmFormatException.class, () -> AlmCodec.readAlmTree(java.util.Arrays.copyOf(record, record.length - 1)));
    }

    @Test
    void everyMessageRoundTrips() throws Exception {
        for (AlmMessage m : samples()) {
            byte[] once = AlmCodec.encode(AlmCodec.SCRIBE_SAM, m);
            AlmCodec.Decoded d = AlmCodec.decode(once);
            assertEquals(AlmCodec.SCRIBE_SAM, d.algorithm());
            assertEquals(m.code(), d.message().code());
            assertArrayEquals(once, AlmCodec.encode(d.algorithm(), d.message()), m.toString());
        }
        AlmCodec.AlmError e = new AlmCodec.AlmError(AlmCodec.AlmError.CHILD_LIMIT_REACHED, "full");
        assertEquals(e, AlmCodec.AlmError.decode(e.encode()));
    }

    @Test
    void truncationsAndBadHeadersAreFormatErrors() {
        for (AlmMessage m : samples()) {
            byte[] full = AlmCodec.encode(AlmCodec.SCRIBE_SAM, m);
            for (int n = 0; n < full.length; n++) {
                byte[] cut = java.util.Arrays.copyOf(full, n);
                if (n >= AlmCodec.HEADER_LENGTH && m instanceof AlmMessage.Empty
                        || n == AlmCodec.HEADER_LENGTH && m.code() == AlmMessage.HEARTBEAT_RESPONSE) {
                    continue; // an empty body cannot be cut shorter, and an empty HeartbeatResponse is well-formed
                }
                assertThrows(AlmFormatException.class, () -> AlmCodec.decode(cut), m + " cut at " + n);
            }
        }
        byte[] ok = AlmCodec.encode(AlmCodec.SCRIBE_SAM, new AlmMessage.Join(A, G, List.of()));
        byte[] token = ok.clone();
        token[0] = 0;
        assertTrue(assertThrows(AlmFormatException.class, () -> AlmCodec.decode(token)).getMessage().contains("sam_token"));
        byte[] version = ok.clone();
        version[6] = 1;
        assertTrue(assertThrows(AlmFormatException.class, () -> AlmCodec.decode(version)).getMessage().contains("version"));
        byte[] code = ok.clone();
        code[8] = 0x77;
        assertTrue(assertThrows(AlmFormatException.class, () -> AlmCodec.decode(code)).getMessage().contains("not defined"));
    }

    @Test
    void mutatedMessagesOnlyEverRaiseFormatErrors() {
        int iterations = Integer.getInteger("alm.fuzz.iterations", 100_000);
        Random random = new Random(7019);
        List<byte[]> seeds = samples().stream().map(m -> AlmCodec.encode(AlmCodec.SCRIBE_SAM, m)).toList();
        int decoded = 0;
        for (int i = 0; i < iterations; i++) {
            byte[] b = seeds.get(random.nextInt(seeds.size())).clone();
            int edits = 1 + random.nextInt(3);
            for (int k = 0; k < edits && b.length > 0; k++) {
                switch (random.nextInt(4)) {
                    case 0 -> b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                    case 1 -> b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                    case 2 -> b = java.util.Arrays.copyOf(b, random.nextInt(b.length + 1));
                    default -> {
                        int at = random.nextInt(b.length);
                        b[at] = (byte) (b[at] + random.nextInt(5) - 2);
                    }
                }
            }
            try {
                AlmCodec.decode(b);
                decoded++;
            } catch (AlmFormatException expected) {
                // the only exception hostile input may raise
            }
        }
        System.out.println("alm fuzz: " + iterations + " inputs, " + decoded + " decoded");
        assertTrue(decoded > 0);
    }

    /** Coverage-guided fuzzing by flag: {@code JAZZER_FUZZ=1 mvn test -pl bundles/polycast.alm -Dtest=AlmCodecTest#coverageGuided}. */
    @com.code_intelligence.jazzer.junit.FuzzTest(maxDuration = "5m")
    void coverageGuided(byte[] input) {
        try {
            AlmCodec.Decoded d = AlmCodec.decode(input);
            AlmCodec.encode(d.algorithm(), d.message());
        } catch (AlmFormatException expected) {
            // what hostile input must get
        }
    }
}
