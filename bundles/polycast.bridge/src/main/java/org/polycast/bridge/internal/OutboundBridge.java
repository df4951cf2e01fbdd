package org.polycast.bridge.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

import org.polycast.api.HamUri;
import org.polycast.api.Message;
import org.polycast.api.MulticastSocket;

/**
 * A group to UDP: the socket joins the group name and every message it receives goes as one datagram to the local UDP
 * address (from an ephemeral port of the loopback or wildcard address). A send the kernel refuses is counted.
 */
final class OutboundBridge extends Bridge {
    private final DatagramChannel channel;

    OutboundBridge(String name, HamUri group, InetSocketAddress destination, MulticastSocket socket) throws IOException {
        super(name, destination, group, socket);
        channel = DatagramChannel.open();
        socket.join(group);
        socket.setMessageListener(this::forward);
    }

    @Override
    Direction direction() {
        return Direction.OUT;
    }

    private void forward(Message m) {
        byte[] payload = m.payload();
        try {
            channel.send(ByteBuffer.wrap(payload), udp);
            forwarded(payload.length);
        } catch (IOException e) {
            failed("UDP send to " + UdpEndpoint.text(udp) + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        socket.close();
        try {
            channel.close();
        } catch (IOException e) {
            // closing; nothing left to do
        }
    }
}
