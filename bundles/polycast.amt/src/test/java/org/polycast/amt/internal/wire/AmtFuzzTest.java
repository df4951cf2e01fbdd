package org.polycast.amt.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;

/**
 * Structured mutation fuzzing of the AMT decoder and the encapsulated IGMP/MLD/UDP parsers, in a
 * bounded run (system property {@code amt.fuzz.iterations}, a million in the build). Every input goes
 * through the Netty pipeline: no exception may escape it, every input buffer must be released,
 * and the channel must stay open. Netty's leak detector runs in paranoid mode (set by the build).
 */
class AmtFuzzTest {
    private static final long SEED = Long.getLong("amt.fuzz.seed", 0x7450L);

    private static List<byte[]> corpus() throws Exception {
        InetAddress g4 = InetAddress.getByName("232.1.1.1");
        InetAddress s4 = InetAddress.getByName("198.18.1.1");
        InetAddress g6 = InetAddress.getByName("ff3e::8000:1");
        InetAddress s6 = InetAddress.getByName("2001:2:0:1::1");
        GeneralQuery q = new GeneralQuery(2, 125, 10000);
        List<AmtMessage> messages = List.of(
                new AmtMessage.RelayDiscovery(1),
                new AmtMessage.RelayAdvertisement(2, InetAddress.getByName("198.18.2.1")),
                new AmtMessage.RelayAdvertisement(2, InetAddress.getByName("2001:2:0:2::1")),
                new AmtMessage.Request(3, false), new AmtMessage.Request(3, true),
                new AmtMessage.MembershipQuery(false, 5, 3, q.igmpv3((Inet4Address) s4), null),
                new AmtMessage.MembershipQuery(true, 5, 3, q.mldv2((Inet6Address) InetAddress.getByName("fe80::1")),
                        new InetSocketAddress(s6, 4000)),
                new AmtMessage.MembershipUpdate(5, 3, MembershipReports.igmpv3((Inet4Address) InetAddress.getByName("0.0.0.0"),
                        List.of(new GroupRecord(RecordType.ALLOW_NEW_SOURCES, g4, List.of(s4)),
                                new GroupRecord(RecordType.CHANGE_TO_EXCLUDE, InetAddress.getByName("239.1.1.1"), List.of())))),
                new AmtMessage.MembershipUpdate(5, 3, MembershipReports.mldv2((Inet6Address) InetAddress.getByName("::"),
                        List.of(new GroupRecord(RecordType.MODE_IS_INCLUDE, g6, List.of(s6))))),
                new AmtMessage.MulticastData(UdpDatagram.build(s4, 1, g4, 5000, new byte[100], 0, 100)),
                new AmtMessage.MulticastData(UdpDatagram.build(s6, 1, g6, 5000, new byte[100], 0, 100)),
                new AmtMessage.Teardown(5, 3, new InetSocketAddress(s4, 4000)));
        List<byte[]> corpus = new ArrayList<>();
        for (AmtMessage m : messages) {
            corpus.add(AmtCodecTest.encode(m));
        }
        return corpus;
    }

    private static byte[] mutate(byte[] seed, SplittableRandom r) {
        byte[] b;
        switch (r.nextInt(6)) {
            case 0 -> { // truncate
                b = java.util.Arrays.copyOf(seed, r.nextInt(seed.length + 1));
            }
            case 1 -> { // extend with random octets
                b = java.util.Arrays.copyOf(seed, seed.length + 1 + r.nextInt(32));
                for (int i = seed.length; i < b.length; i++) {
                    b[i] = (byte) r.nextInt(256);
                }
            }
            case 2 -> { // purely random
                b = new byte[r.nextInt(120)];
                for (int i = 0; i < b.length; i++) {
                    b[i] = (byte) r.nextInt(256);
                }
            }
            default -> { // flip 1 to 4 octets, favouring the headers where lengths and types live
                b = seed.clone();
                int flips = 1 + r.nextInt(4);
                for (int i = 0; i < flips && b.length > 0; i++) {
                    int at = r.nextInt(4) == 0 ? r.nextInt(b.length) : r.nextInt(Math.min(b.length, 60));
                    b[at] = r.nextInt(3) == 0 ? (byte) r.nextInt(256) : (byte) (b[at] ^ (1 << r.nextInt(8)));
                }
            }
        }
        return b;
    }

    @Test
    void mutatedInputNeverEscapesThePipelineNorLeaks() throws Exception {
        long iterations = Long.getLong("amt.fuzz.iterations", 100_000);
        List<byte[]> corpus = corpus();
        AtomicLong malformed = new AtomicLong();
        EmbeddedChannel channel = new EmbeddedChannel(new AmtDecoder(reason -> malformed.incrementAndGet()));
        SplittableRandom random = new SplittableRandom(SEED);
        InetSocketAddress peer = new InetSocketAddress("198.18.2.2", 40000);
        InetSocketAddress local = new InetSocketAddress("198.18.2.1", AmtCodec.PORT);
        long decoded = 0;
        long innerChecked = 0;
        for (long i = 0; i < iterations; i++) {
            byte[] input = mutate(corpus.get(random.nextInt(corpus.size())), random);
            ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer(Math.max(1, input.length));
            buf.writeBytes(input);
            channel.writeInbound(new DatagramPacket(buf, local, peer));
            assertEquals(0, buf.refCnt(), "the decoder released the datagram");
            Object out;
            while ((out = channel.readInbound()) != null) {
                decoded++;
                innerChecked += parseInner(((AmtDatagram) out).message());
                ReferenceCountUtil.release(out);
            }
        }
        channel.checkException();
        assertTrue(channel.isOpen(), "malformed input never closes the channel");
        assertFalse(channel.finish(), "every decoded message was read, nothing is left in the channel");
        assertEquals(iterations, decoded + malformed.get(), "every input was either decoded or counted as malformed");
        assertTrue(malformed.get() > iterations / 10, "the mutations produced malformed input: " + malformed.get());
        assertTrue(decoded > iterations / 10, "and input that decoded: " + decoded + " (inner parsed " + innerChecked + ")");
    }

    /**
     * Coverage-guided fuzzing by flag ({@code JAZZER_FUZZ=1 mvn test -pl bundles/polycast.amt -Dtest=AmtFuzzTest#coverageGuided});
     * in the normal build it replays the findings kept under src/test/resources, if any.
     */
    @com.code_intelligence.jazzer.junit.FuzzTest(maxDuration = "5m")
    void coverageGuided(byte[] input) {
        AtomicLong malformed = new AtomicLong();
        EmbeddedChannel channel = new EmbeddedChannel(new AmtDecoder(reason -> malformed.incrementAndGet()));
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer(Math.max(1, input.length));
        buf.writeBytes(input);
        channel.writeInbound(new DatagramPacket(buf, new InetSocketAddress("198.18.2.1", AmtCodec.PORT), new InetSocketAddress("198.18.2.2", 40000)));
        assertEquals(0, buf.refCnt(), "the decoder released the datagram");
        Object out;
        while ((out = channel.readInbound()) != null) {
            parseInner(((AmtDatagram) out).message());
            ReferenceCountUtil.release(out);
        }
        channel.checkException();
        assertTrue(channel.isOpen(), "malformed input never closes the channel");
        assertFalse(channel.finish(), "every decoded message was read, nothing is left in the channel");
    }

    /** Runs the encapsulated-content parsers on what decoded; they may only throw AmtFormatException. */
    private static int parseInner(AmtMessage m) {
        try {
            if (m instanceof AmtMessage.MembershipUpdate u) {
                MembershipReports.parse(u.report());
            } else if (m instanceof AmtMessage.MembershipQuery q) {
                GeneralQuery.parse(q.query());
            } else if (m instanceof AmtMessage.MulticastData d) {
                UdpDatagram.parse(d.datagram());
            } else {
                return 0;
            }
        } catch (AmtFormatException e) {
            // expected for most mutations
        }
        return 1;
    }
}
