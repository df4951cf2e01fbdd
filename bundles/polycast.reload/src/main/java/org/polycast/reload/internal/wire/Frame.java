package org.polycast.reload.internal.wire;

/** The framing header of TLS and DTLS links (RFC 6940 §6.6.2): data frames with a sequence number, and acks. */
public sealed interface Frame {
    int DATA = 128;
    int ACK = 129;

    /** A message of at most 2^24-1 octets with the link's sequence number. */
    record Data(long sequence, byte[] message) implements Frame {
    }

    /** Acknowledges {@code sequence}; bit i of {@code received} says whether sequence-1-i arrived too. */
    record Ack(long sequence, long received) implements Frame {
    }
}
