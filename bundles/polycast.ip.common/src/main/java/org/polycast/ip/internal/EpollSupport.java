package org.polycast.ip.internal;

import java.util.concurrent.ThreadFactory;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.SegmentedDatagramPacket;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.InternetProtocolFamily;

/** The only class touching Netty's epoll classes, whose bundle is optional: callers check {@link #available()} first. */
final class EpollSupport {
    private EpollSupport() {
    }

    static boolean available() {
        try {
            return Epoll.isAvailable();
        } catch (LinkageError e) {
            return false;
        }
    }

    static String unavailabilityCause() {
        try {
            Throwable t = Epoll.unavailabilityCause();
            return t == null ? "unknown" : t.toString();
        } catch (LinkageError e) {
            return "the netty epoll bundles are not installed";
        }
    }

    static EventLoopGroup group(int threads, ThreadFactory factory) {
        return new EpollEventLoopGroup(threads, factory);
    }

    /**
     * Turns on UDP GRO: a UDP GSO packet from a sender on this host or across a veth (and datagrams the kernel coalesced)
     * arrives whole in one read, with its segment size, and Netty cuts it back into the datagrams it was made of. Netty
     * reads the segment size only on its single-message read, so this is not combined with recvmmsg
     * ({@code MAX_DATAGRAM_PAYLOAD_SIZE}), which would pass a coalesced packet on as one datagram.
     */
    static Bootstrap coalescedReads(Bootstrap bootstrap) {
        return bootstrap.option(EpollChannelOption.UDP_GRO, true);
    }

    /** UDP GSO packets, where the kernel and the native library support them; null otherwise. */
    static SegmentRun.Segmenter segmenter() {
        if (!SegmentedDatagramPacket.isSupported()) {
            return null;
        }
        return SegmentedDatagramPacket::new;
    }

    static DatagramChannel channel(InternetProtocolFamily family) {
        return new EpollDatagramChannel(family);
    }
}
