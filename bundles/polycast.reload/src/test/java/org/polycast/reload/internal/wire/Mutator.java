package org.polycast.reload.internal.wire;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Mutations that reach deep into length-prefixed structures: most keep the overall shape and break one field. */
final class Mutator {
    private Mutator() {
    }

    static byte[] mutate(byte[] seed, List<byte[]> others, Random r) {
        byte[] b = seed.clone();
        int rounds = 1 + r.nextInt(3);
        for (int k = 0; k < rounds && b.length > 0; k++) {
            switch (r.nextInt(7)) {
                case 0 -> b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                case 1 -> b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                case 2 -> {
                    // a plausible but wrong length: small values near the field's real one
                    int at = r.nextInt(b.length);
                    b[at] = (byte) (b[at] + r.nextInt(9) - 4);
                }
                case 3 -> b = Arrays.copyOf(b, r.nextInt(b.length + 1));
                case 4 -> {
                    byte[] other = others.get(r.nextInt(others.size()));
                    int from = r.nextInt(other.length);
                    int at = r.nextInt(b.length);
                    int n = Math.min(other.length - from, b.length - at);
                    System.arraycopy(other, from, b, at, r.nextInt(n + 1));
                }
                case 5 -> {
                    int at = r.nextInt(b.length);
                    byte[] longer = new byte[b.length + 1 + r.nextInt(8)];
                    System.arraycopy(b, 0, longer, 0, at);
                    System.arraycopy(b, at, longer, longer.length - (b.length - at), b.length - at);
                    b = longer;
                }
                default -> {
                    // the whole-message length field kept consistent, so the damage is found inside
                    b[r.nextInt(b.length)] = (byte) 0xff;
                    if (b.length >= 20) {
                        b[16] = (byte) (b.length >>> 24);
                        b[17] = (byte) (b.length >>> 16);
                        b[18] = (byte) (b.length >>> 8);
                        b[19] = (byte) b.length;
                    }
                }
            }
        }
        return b;
    }
}
