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

    /** Makes reads use recvmmsg, each datagram given {@code maxDatagram} bytes of the read buffer (longer ones would be cut). */
    static Bootstrap scatteringReads(Bootstrap bootstrap, int maxDatagram) {
        return bootstrap.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, maxDatagram);
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
