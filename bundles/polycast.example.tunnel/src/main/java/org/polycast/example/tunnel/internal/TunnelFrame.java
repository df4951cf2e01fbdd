package org.polycast.example.tunnel.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.polycast.api.HamUri;

/**
 * One tunnelled datagram: the magic {@code PCT1}, the Group Address as a 16-bit length and UTF-8 text, then the
 * payload to the end of the UDP datagram.
 */
record TunnelFrame(HamUri address, ByteBuffer payload) {
    static final int MAGIC = 0x50435431; // "PCT1"
    static final int HEADER = 4 + 2;

    /** A frame for sending: the header and a copy of the payload (the caller's buffer is only lent for the call). */
    static ByteBuffer encode(HamUri address, ByteBuffer payload) {
        byte[] name = address.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(HEADER + name.length + payload.remaining());
        out.putInt(MAGIC).putShort((short) name.length).put(name).put(payload.duplicate());
        return out.flip();
    }

    /** Reads a received datagram. */
    static TunnelFrame decode(ByteBuffer in) throws MalformedFrameException {
        if (in.remaining() < HEADER) {
            throw new MalformedFrameException("shorter than the " + HEADER + "-octet header: " + in.remaining() + " octets");
        }
        int magic = in.getInt();
        if (magic != MAGIC) {
            throw new MalformedFrameException(String.format("magic 0x%08x, not PCT1", magic));
        }
        int length = in.getShort() & 0xffff;
        if (length == 0 || length > in.remaining()) {
            throw new MalformedFrameException("address length " + length + " with " + in.remaining() + " octets left");
        }
        byte[] name = new byte[length];
        in.get(name);
        try {
            return new TunnelFrame(HamUri.parse(new String(name, StandardCharsets.UTF_8)), in.slice());
        } catch (IllegalArgumentException e) {
            throw new MalformedFrameException("address: " + e.getMessage());
        }
    }

    /** A datagram that is not a tunnel frame. */
    static final class MalformedFrameException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedFrameException(String message) {
            super(message);
        }
    }
}
