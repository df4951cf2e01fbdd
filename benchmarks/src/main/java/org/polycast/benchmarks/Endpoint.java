package org.polycast.benchmarks;

import java.util.function.Consumer;

/** One way to send and receive multicast: raw Netty, or the Polycast API. Both deliver the payload bytes. */
interface Endpoint extends AutoCloseable {
    /** Starts receiving on the named group; {@code sink} runs for each datagram on the receiving thread. */
    void receive(String group, int port, Consumer<byte[]> sink) throws Exception;

    /** Sends one message; blocks while the implementation applies back-pressure. */
    void send(String group, int port, byte[] payload) throws Exception;

    @Override
    void close() throws Exception;
}
