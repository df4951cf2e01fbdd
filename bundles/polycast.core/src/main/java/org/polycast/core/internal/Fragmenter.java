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
        if (message.length <= atomicSize && !FragmentHeader.startsWithMagic(message, 0, message.length)) {
            // Not read-only: technologies (Netty) copy array-backed buffers to the wire fastest. They must not write to it (SPI contract).
            return List.of(ByteBuffer.wrap(message));
        }
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
