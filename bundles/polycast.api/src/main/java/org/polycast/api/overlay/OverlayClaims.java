package org.polycast.api.overlay;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Values of claim kinds: kinds whose access control is {@code POLYCAST-FIRST-CLAIM} (an
 * experimental Polycast policy). A claim value starts with its claim key, an
 * {@code opaque key<0..2^16-1>} (a 16-bit big-endian length, then the key), followed by whatever
 * the claimant wants to store. The peer responsible for the resource accepts a store of a single
 * value if nothing live is stored there, or the stored value has the same claim key (a refresh);
 * otherwise it answers Error_Forbidden. The value's lifetime is the lease: a claim nobody refreshes
 * expires, and the next claimant gets the resource. Any enrolled peer may claim any resource; the
 * first claim wins, which is how Polycast allocates addresses and elects gateways without a
 * coordinator. A removal (exists = false) is accepted only from the Node-ID that signed the claim.
 */
public final class OverlayClaims {
    /** The name of the claim kind in Polycast's embedded overlay configuration. */
    public static final String KIND = "polycast-claim";

    private OverlayClaims() {
    }

    /** A claim value: the key, then the data. */
    public static byte[] value(byte[] key, byte[] data) {
        if (key.length > 0xffff) {
            throw new IllegalArgumentException("a claim key is at most 65535 octets, not " + key.length);
        }
        return ByteBuffer.allocate(2 + key.length + data.length).putShort((short) key.length).put(key).put(data).array();
    }

    /** The claim key of a value, or null if the value does not start with one. */
    public static byte[] key(byte[] value) {
        if (value.length < 2) {
            return null;
        }
        int length = ((value[0] & 0xff) << 8) | (value[1] & 0xff);
        return value.length < 2 + length ? null : Arrays.copyOfRange(value, 2, 2 + length);
    }

    /** What follows the key, or null if the value does not start with a key. */
    public static byte[] data(byte[] value) {
        byte[] key = key(value);
        return key == null ? null : Arrays.copyOfRange(value, 2 + key.length, value.length);
    }
}
