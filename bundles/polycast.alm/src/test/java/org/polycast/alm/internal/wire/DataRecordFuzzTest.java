package org.polycast.alm.internal.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Data records as they come off a link or out of a Push, mutated (bit flips, octets changed, truncated, extended,
 * length fields made wrong, records spliced): {@link DataRecord#type} and {@link DataRecord.Manifest#decode} may only
 * ever answer with an {@link AlmFormatException}, and what they accept re-encodes to the same octets.
 */
class DataRecordFuzzTest {
    private static final int ITERATIONS = Integer.getInteger("alm.fuzz.iterations", 300_000);

    private static List<byte[]> seeds() {
        Random r = new Random(7019);
        byte[] origin = new byte[DataRecord.ID];
        r.nextBytes(origin);
        byte[] payload = new byte[100];
        r.nextBytes(payload);
        byte[] hashes = new byte[3 * DataRecord.HASH];
        r.nextBytes(hashes);
        byte[] signature = new byte[256];
        r.nextBytes(signature);
        byte[] certificate = new byte[700];
        r.nextBytes(certificate);
        return List.of(DataRecord.data(origin, 42, payload, 0, payload.length), DataRecord.data(origin, 0, new byte[0], 0, 0), DataRecord.skip(origin, 77),
                new DataRecord.Manifest(origin, 5, 40, 3, 1_700_000_000_000L, hashes, signature, certificate).encode(),
                new DataRecord.Manifest(origin, 6, 43, 3, 1_700_000_000_000L, hashes, signature, new byte[0]).encode());
    }

    @Test
    void mutatedRecordsOnlyEverRaiseFormatErrors() {
        Random random = new Random(7046);
        List<byte[]> seeds = seeds();
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] r = mutate(seeds.get(random.nextInt(seeds.size())), seeds.get(random.nextInt(seeds.size())), random);
            try {
                int type = DataRecord.type(r);
                if (type == DataRecord.MANIFEST) {
                    DataRecord.Manifest m = DataRecord.Manifest.decode(r);
                    assertArrayEquals(r, m.encode(), "a manifest that decodes re-encodes to the same octets");
                } else {
                    DataRecord.originKey(r);
                    DataRecord.sequence(r);
                }
                accepted++;
            } catch (AlmFormatException e) {
                assertTrue(e.getMessage() != null && !e.getMessage().isEmpty(), "a format error says what is wrong");
                refused++;
            }
        }
        assertEquals(ITERATIONS, accepted + refused);
        assertTrue(accepted > ITERATIONS / 100 && refused > ITERATIONS / 100, "both well-formed and malformed records were tried: " + accepted + "/" + refused);
    }

    private static byte[] mutate(byte[] seed, byte[] other, Random random) {
        byte[] r = seed.clone();
        int steps = 1 + random.nextInt(3);
        for (int s = 0; s < steps; s++) {
            switch (random.nextInt(6)) {
                case 0 -> {
                    if (r.length > 0) {
                        int at = random.nextInt(r.length);
                        r[at] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                case 1 -> {
                    if (r.length > 0) {
                        r[random.nextInt(r.length)] = (byte) random.nextInt(256);
                    }
                }
                case 2 -> r = java.util.Arrays.copyOf(r, random.nextInt(r.length + 1));
                case 3 -> r = java.util.Arrays.copyOf(r, r.length + 1 + random.nextInt(64));
                case 4 -> {
                    // a length field (manifest count u16 at 33, signature length after the hashes) set at random
                    int at = random.nextInt(Math.max(1, r.length - 1));
                    if (r.length > 1) {
                        r[at] = (byte) random.nextInt(256);
                        r[at + 1] = (byte) random.nextInt(256);
                    }
                }
                default -> {
                    int cut = random.nextInt(r.length + 1);
                    int from = random.nextInt(other.length + 1);
                    byte[] spliced = java.util.Arrays.copyOf(r, cut + other.length - from);
                    System.arraycopy(other, from, spliced, cut, other.length - from);
                    r = spliced;
                }
            }
        }
        return r;
    }
}
