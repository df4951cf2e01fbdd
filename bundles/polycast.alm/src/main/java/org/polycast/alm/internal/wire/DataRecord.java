package org.polycast.alm.internal.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What a tree carries, as a frame on a tree edge's application link or as the data of an RFC 7019 Push over the overlay
 * path: one octet of type, then
 * <ul>
 * <li>{@link #DATA}: {@code origin[16] sequence u64 payload...}: a message of the peer {@code origin}, numbered per tree
 * and origin. Numbers start at the origin's start time in milliseconds times 2^20 and count up, so that they keep growing
 * across restarts.</li>
 * <li>{@link #MANIFEST}: the origin's signature over the hashes of a run of its messages ({@link Manifest}): members
 * deliver a message once a manifest they verified covers it, so that no forwarder can forge or change one unnoticed.</li>
 * <li>{@link #SKIP}: {@code origin[16] next u64}: the sending forwarder dropped that origin's messages before {@code next}
 * for this edge (the edge was too slow); the receiver counts them lost at once instead of waiting for them.</li>
 * </ul>
 * Each record is one frame (links) or one Push (overlay), whose own length delimits it.
 */
public final class DataRecord {
    public static final int DATA = 1;
    public static final int MANIFEST = 2;
    public static final int SKIP = 3;
    /** Octets before a message's payload: type, origin, sequence. */
    public static final int DATA_HEADER = 25;
    public static final int ID = 16;
    /** Octets of each message's hash in a manifest: SHA-256, first 128 bits. */
    public static final int HASH = 16;
    /** Messages a manifest covers at most. */
    public static final int MAX_MANIFEST_RUN = 4096;
    private static final byte[] SIGNED_LABEL = "polycast-alm-manifest-1".getBytes(StandardCharsets.US_ASCII);

    private DataRecord() {
    }

    /** A DATA record: the header, then the payload's octets from {@code offset}. */
    public static byte[] data(byte[] origin, long sequence, byte[] payload, int offset, int length) {
        byte[] r = new byte[DATA_HEADER + length];
        r[0] = DATA;
        System.arraycopy(origin, 0, r, 1, ID);
        putLong(r, 1 + ID, sequence);
        System.arraycopy(payload, offset, r, DATA_HEADER, length);
        return r;
    }

    /** The record's type, after checking that it is long enough for its fixed fields; malformed records fail with the reason. */
    public static int type(byte[] r) throws AlmFormatException {
        if (r.length < 1) {
            throw new AlmFormatException("empty data record");
        }
        int type = r[0] & 0xff;
        int minimum = switch (type) {
            case DATA -> DATA_HEADER;
            case SKIP -> DATA_HEADER;
            case MANIFEST -> Manifest.FIXED;
            default -> throw new AlmFormatException("data record type " + type + " is not DATA (1), MANIFEST (2) or SKIP (3)");
        };
        if (r.length < minimum) {
            throw new AlmFormatException("a " + r.length + "-octet record of type " + type + " is shorter than its " + minimum + " fixed octets");
        }
        if (type == SKIP && r.length != DATA_HEADER) {
            throw new AlmFormatException("a SKIP record is " + DATA_HEADER + " octets, not " + r.length);
        }
        return type;
    }

    /** A record's origin as a key: two longs, cheap to make, hash and compare (no text per message). */
    public record Origin(long high, long low) {
        public String hex() {
            return String.format("%016x%016x", high, low);
        }
    }

    /** The origin of a DATA, MANIFEST or SKIP record, as a key. */
    public static Origin originKey(byte[] r) {
        return new Origin(getLong(r, 1), getLong(r, 9));
    }

    /** The origin (DATA, MANIFEST and SKIP records alike), as hex. */
    public static String origin(byte[] r) {
        return java.util.HexFormat.of().formatHex(r, 1, 1 + ID);
    }

    /** The sequence number of a DATA record, or the next sequence of a SKIP record. */
    public static long sequence(byte[] r) {
        return getLong(r, 1 + ID);
    }

    public static byte[] skip(byte[] origin, long next) {
        byte[] r = new byte[DATA_HEADER];
        r[0] = SKIP;
        System.arraycopy(origin, 0, r, 1, ID);
        putLong(r, 1 + ID, next);
        return r;
    }

    /** The hash a manifest lists for a payload. */
    public static byte[] hash(byte[] record, int offset, int length) {
        try {
            java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
            d.update(record, offset, length);
            return Arrays.copyOf(d.digest(), HASH);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * A manifest: the origin's messages {@code first} to {@code first + count - 1} have these hashes (the payload's
     * SHA-256, first 128 bits, {@link #HASH} octets each, in order); signed by the origin at {@code signedAt} (epoch
     * milliseconds) with its overlay key over {@link #signedInput}. Manifests are numbered per origin and tree. The
     * origin's certificate comes along now and then (empty otherwise); members keep it.
     * <p>
     * Layout after the type octet: {@code origin[16] number u64 first u64 count u16 signedAt u64 hashes[count*16]
     * signature<0..2^16-1> certificate<0..2^16-1>}.
     */
    public record Manifest(byte[] origin, long number, long first, int count, long signedAt, byte[] hashes, byte[] signature, byte[] certificate) {
        static final int FIXED = 1 + ID + 8 + 8 + 2 + 8 + 2 + 2;

        public Manifest {
            if (origin.length != ID || count < 1 || count > MAX_MANIFEST_RUN || hashes.length != count * HASH) {
                throw new IllegalArgumentException("a manifest names a 16-octet origin and 1 to " + MAX_MANIFEST_RUN + " hashes of " + HASH + " octets");
            }
            if (signature.length > 0xffff || certificate.length > 0xffff) {
                throw new IllegalArgumentException("signature and certificate are at most 65535 octets");
            }
        }

        /** What the origin signs: a label, the tree's group id, and every field but the signature and certificate. */
        public byte[] signedInput(byte[] groupId) {
            byte[] out = new byte[SIGNED_LABEL.length + ID + ID + 8 + 8 + 2 + 8 + hashes.length];
            int at = 0;
            System.arraycopy(SIGNED_LABEL, 0, out, at, SIGNED_LABEL.length);
            at += SIGNED_LABEL.length;
            System.arraycopy(groupId, 0, out, at, ID);
            at += ID;
            System.arraycopy(origin, 0, out, at, ID);
            at += ID;
            putLong(out, at, number);
            putLong(out, at + 8, first);
            out[at + 16] = (byte) (count >>> 8);
            out[at + 17] = (byte) count;
            putLong(out, at + 18, signedAt);
            System.arraycopy(hashes, 0, out, at + 26, hashes.length);
            return out;
        }

        public byte[] encode() {
            byte[] r = new byte[FIXED + hashes.length + signature.length + certificate.length];
            r[0] = MANIFEST;
            System.arraycopy(origin, 0, r, 1, ID);
            int at = 1 + ID;
            putLong(r, at, number);
            putLong(r, at + 8, first);
            r[at + 16] = (byte) (count >>> 8);
            r[at + 17] = (byte) count;
            putLong(r, at + 18, signedAt);
            at += 26;
            System.arraycopy(hashes, 0, r, at, hashes.length);
            at += hashes.length;
            r[at] = (byte) (signature.length >>> 8);
            r[at + 1] = (byte) signature.length;
            System.arraycopy(signature, 0, r, at + 2, signature.length);
            at += 2 + signature.length;
            r[at] = (byte) (certificate.length >>> 8);
            r[at + 1] = (byte) certificate.length;
            System.arraycopy(certificate, 0, r, at + 2, certificate.length);
            return r;
        }

        /** The manifest with its certificate left out (what a member keeps once it has the certificate). */
        public Manifest withoutCertificate() {
            return new Manifest(origin, number, first, count, signedAt, hashes, signature, new byte[0]);
        }

        public String originHex() {
            return java.util.HexFormat.of().formatHex(origin);
        }

        /** The hash listed for sequence {@code first + i}. */
        public byte[] hash(int i) {
            return Arrays.copyOfRange(hashes, i * HASH, (i + 1) * HASH);
        }

        public static Manifest decode(byte[] r) throws AlmFormatException {
            if (type(r) != MANIFEST) {
                throw new AlmFormatException("not a manifest");
            }
            byte[] origin = Arrays.copyOfRange(r, 1, 1 + ID);
            int at = 1 + ID;
            long number = getLong(r, at);
            long first = getLong(r, at + 8);
            int count = (r[at + 16] & 0xff) << 8 | r[at + 17] & 0xff;
            long signedAt = getLong(r, at + 18);
            at += 26;
            if (count < 1 || count > MAX_MANIFEST_RUN) {
                throw new AlmFormatException("a manifest of " + count + " hashes (1 to " + MAX_MANIFEST_RUN + ")");
            }
            if (r.length < at + count * HASH + 4) {
                throw new AlmFormatException("a manifest of " + count + " hashes needs " + (at + count * HASH + 4) + " octets, has " + r.length);
            }
            byte[] hashes = Arrays.copyOfRange(r, at, at + count * HASH);
            at += count * HASH;
            int signatureLength = (r[at] & 0xff) << 8 | r[at + 1] & 0xff;
            at += 2;
            if (r.length < at + signatureLength + 2) {
                throw new AlmFormatException("manifest signature: " + signatureLength + " octets announced, " + (r.length - at - 2) + " left");
            }
            byte[] signature = Arrays.copyOfRange(r, at, at + signatureLength);
            at += signatureLength;
            int certificateLength = (r[at] & 0xff) << 8 | r[at + 1] & 0xff;
            at += 2;
            if (r.length != at + certificateLength) {
                throw new AlmFormatException("manifest certificate: " + certificateLength + " octets announced, " + (r.length - at) + " left");
            }
            return new Manifest(origin, number, first, count, signedAt, hashes, signature, Arrays.copyOfRange(r, at, at + certificateLength));
        }
    }

    static void putLong(byte[] b, int at, long v) {
        for (int i = 0; i < 8; i++) {
            b[at + i] = (byte) (v >>> (56 - 8 * i));
        }
    }

    static long getLong(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (b[at + i] & 0xff);
        }
        return v;
    }
}
