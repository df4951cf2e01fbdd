package org.polycast.core.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Splits a message into datagrams of at most an Interface's atomic size. */
final class Fragmenter {
    private Fragmenter() {
    }

    /**
     * The datagrams for one message: the message itself when it fits and does not begin with
     * the fragment magic, otherwise fragments with a {@link FragmentHeader} each.
     *
     * @param message the complete message; never changed afterwards, so it is wrapped, not copied
     */
    static List<ByteBuffer> split(byte[] message, int atomicSize, long senderId, int messageId) {
        return split(message, 0, message.length, atomicSize, senderId, messageId);
    }

    /** The same for {@code message[offset..offset+length)}; an unfragmented datagram wraps that range without copying. */
    static List<ByteBuffer> split(byte[] bytes, int start, int size, int atomicSize, long senderId, int messageId) {
        if (size <= atomicSize && !FragmentHeader.startsWithMagic(bytes, start, size)) {
            // Not read-only: technologies (Netty) copy array-backed buffers to the wire fastest. They must not write to it (SPI contract).
            return List.of(ByteBuffer.wrap(bytes, start, size));
        }
        byte[] message = start == 0 && size == bytes.length ? bytes : java.util.Arrays.copyOfRange(bytes, start, start + size);
        int chunk = atomicSize - FragmentHeader.LENGTH;
        if (chunk < 1) {
            throw new IllegalArgumentException("atomic size " + atomicSize + " leaves no room after the fragment header");
        }
        int count = Math.max(1, (message.length + chunk - 1) / chunk);
        if (count > 0xffff) {
            throw new IllegalArgumentException("message of " + message.length + " bytes needs more than 65535 fragments of " + chunk);
        }
        List<ByteBuffer> fragments = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int offset = i * chunk;
            int length = Math.min(chunk, message.length - offset);
            ByteBuffer b = ByteBuffer.allocate(FragmentHeader.LENGTH + length);
            new FragmentHeader(i, count, senderId, messageId, message.length, offset).writeTo(b);
            b.put(message, offset, length).flip();
            fragments.add(b);
        }
        return fragments;
    }
}
