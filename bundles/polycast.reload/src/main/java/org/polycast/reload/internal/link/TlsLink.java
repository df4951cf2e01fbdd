package org.polycast.reload.internal.link;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;

import org.polycast.reload.internal.node.Link;
import org.polycast.reload.internal.wire.Frame;
import org.polycast.reload.internal.wire.NodeId;

import io.netty.channel.Channel;

/** A link over one TLS (or debug plaintext) TCP connection: data frames numbered from 0, RTT estimated from the acks. */
final class TlsLink implements Link {
    private record Sent(long sequence, long nanos) {
    }

    private final Channel channel;
    private final NodeId peer;
    private long nextSequence;
    private final ArrayDeque<Sent> unacked = new ArrayDeque<>();
    private double srttMillis = -1;
    private double rttvarMillis;

    TlsLink(Channel channel, NodeId peer) {
        this.channel = channel;
        this.peer = peer;
    }

    @Override
    public NodeId peer() {
        return peer;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) channel.remoteAddress();
    }

    @Override
    public void send(byte[] message) {
        long seq = nextSequence++ & 0xffffffffL;
        if (unacked.size() < 256) {
            unacked.add(new Sent(seq, System.nanoTime()));
        }
        channel.writeAndFlush(new Frame.Data(seq, message), channel.voidPromise());
    }

    /** RFC 6298 smoothing over the frame acks. */
    void acked(long sequence) {
        while (!unacked.isEmpty()) {
            Sent s = unacked.peek();
            if (s.sequence > sequence) {
                return;
            }
            unacked.poll();
            if (s.sequence == sequence) {
                double r = (System.nanoTime() - s.nanos) / 1e6;
                if (srttMillis < 0) {
                    srttMillis = r;
                    rttvarMillis = r / 2;
                } else {
                    rttvarMillis = 0.75 * rttvarMillis + 0.25 * Math.abs(srttMillis - r);
                    srttMillis = 0.875 * srttMillis + 0.125 * r;
                }
                return;
            }
        }
    }

    /** The retransmission timeout RFC 6298 would use, in ms (1 s before any sample). */
    double rtoMillis() {
        return srttMillis < 0 ? 1000 : Math.max(200, srttMillis + 4 * rttvarMillis);
    }

    double srttMillis() {
        return srttMillis;
    }

    @Override
    public void close() {
        channel.close();
    }

    @Override
    public String toString() {
        return peer.shortHex() + "@" + remoteAddress();
    }
}
