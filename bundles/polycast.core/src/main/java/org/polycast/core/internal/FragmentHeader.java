package org.polycast.core.internal;

import java.nio.ByteBuffer;

/**
 * The header Polycast puts in front of each fragment of a message larger than an Interface's
 * atomic size. Unfragmented messages carry no header, so plain multicast senders and receivers
 * interoperate; the one exception is an unfragmented message that happens to begin with the
 * four magic bytes, which is sent as fragment 1 of 1 so that receivers cannot misread it.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |               magic 0xFA 'P' 'C' 'F' (0xFA504346)             |
 * +---------------+---------------+-------------------------------+
 * | version (1)   | flags (0)     | fragment index (0..count-1)   |
 * +---------------+---------------+-------------------------------+
 * | fragment count (1..65535)     | reserved (0)                  |
 * +-------------------------------+-------------------------------+
 * |                  sender id (64 bits, random per runtime)      |
 * |                                                               |
 * +---------------------------------------------------------------+
 * |                  message id (32 bits, per sender)             |
 * +---------------------------------------------------------------+
 * |                  total message length in bytes                |
 * +---------------------------------------------------------------+
 * |                  offset of this fragment's payload            |
 * +---------------------------------------------------------------+
 * |                  payload ...                                  |
 * </pre>
 * All fields are big-endian; 32 bytes in all.
 */
record FragmentHeader(int index, int count, long senderId, int messageId, int totalLength, int offset) {
    static final int MAGIC = 0xFA504346;
    static final int VERSION = 1;
    static final int LENGTH = 32;

    /** Thrown for a datagram that carries the magic but is not a valid fragment. */
    static final class MalformedFragmentException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedFragmentException(String message) {
            super(message);
        }
    }

    /** True if the bytes at {@code offset} begin with the magic, which forces the header on. */
    static boolean startsWithMagic(byte[] data, int offset, int length) {
        return length >= 4 && ((data[offset] & 0xff) << 24 | (data[offset + 1] & 0xff) << 16
                | (data[offset + 2] & 0xff) << 8 | (data[offset + 3] & 0xff)) == MAGIC;
    }

    void writeTo(ByteBuffer b) {
        b.putInt(MAGIC).put((byte) VERSION).put((byte) 0).putShort((short) index).putShort((short) count).putShort((short) 0)
                .putLong(senderId).putInt(messageId).putInt(totalLength).putInt(offset);
    }

    /**
     * Reads a header at the buffer's position, leaving the position after it. Returns null (and
     * leaves the position unchanged) if the datagram does not start with the magic: then it is an
     * unfragmented message.
     *
     * @param maxMessageSize the largest total length accepted
     */
    static FragmentHeader read(ByteBuffer b, int maxMessageSize) throws MalformedFragmentException {
        if (b.remaining() < 4 || b.getInt(b.position()) != MAGIC) {
            return null;
        }
        if (b.remaining() < LENGTH) {
            throw new MalformedFragmentException("fragment of " + b.remaining() + " bytes is shorter than its 32-byte header");
        }
        int start = b.position();
        b.getInt();
        int version = b.get() & 0xff;
        if (version != VERSION) {
            b.position(start);
            throw new MalformedFragmentException("fragment header version " + version + " is not supported");
        }
        b.get();
        int index = b.getShort() & 0xffff;
        int count = b.getShort() & 0xffff;
        b.getShort();
        long senderId = b.getLong();
        int messageId = b.getInt();
        long total = b.getInt() & 0xffffffffL;
        long offset = b.getInt() & 0xffffffffL;
        int payload = b.remaining();
        String problem = null;
        if (count == 0 || index >= count) {
            problem = "fragment index " + index + " is not below count " + count;
        } else if (total > maxMessageSize) {
            problem = "total length " + total + " exceeds the maximum message size " + maxMessageSize;
        } else if (offset + payload > total) {
            problem = "fragment at offset " + offset + " with " + payload + " bytes runs past total length " + total;
        } else if (payload == 0 && total > 0) {
            problem = "empty fragment";
        }
        if (problem != null) {
            b.position(start);
            throw new MalformedFragmentException(problem);
        }
        return new FragmentHeader(index, count, senderId, messageId, (int) total, (int) offset);
    }
}
