package org.polycast.bridge.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.DatagramChannel;

import org.polycast.api.HamUri;
import org.polycast.api.MulticastException;
import org.polycast.api.MulticastSocket;

/**
 * UDP into a group: every datagram that arrives on the local UDP address is sent to the group name as one message,
 * from a thread of its own (a send that Polycast's flow control holds back holds the UDP reads back, and the kernel's
 * receive buffer takes up the slack). A datagram the group refuses is counted with the reason.
 */
final class InboundBridge extends Bridge {
    private static final int MAX_DATAGRAM = 65_535;
    private final DatagramChannel channel;
    private final Thread reader;

    InboundBridge(String name, InetSocketAddress listen, HamUri group, MulticastSocket socket, int receiveBufferBytes) throws IOException {
        super(name, listen, group, socket);
        channel = DatagramChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBufferBytes);
            channel.bind(listen);
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot listen on UDP " + UdpEndpoint.text(listen) + ": " + e.getMessage(), e);
        }
        reader = new Thread(this::run, "polycast-bridge-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    Direction direction() {
        return Direction.IN;
    }

    private void run() {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
        while (channel.isOpen()) {
            buffer.clear();
            SocketAddress from;
            try {
                from = channel.receive(buffer);
            } catch (AsynchronousCloseException e) {
                return;
            } catch (IOException e) {
                failed("UDP receive: " + e.getMessage());
                continue;
            }
            if (from == null) {
                continue;
            }
            buffer.flip();
            byte[] payload = new byte[buffer.remaining()];
            buffer.get(payload);
            try {
                socket.send(group, payload);
                forwarded(payload.length);
            } catch (MulticastException | IllegalArgumentException e) {
                failed(e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing; nothing left to do
        }
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        socket.close();
    }
}
