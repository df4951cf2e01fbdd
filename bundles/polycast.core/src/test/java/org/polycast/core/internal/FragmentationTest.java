package org.polycast.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class FragmentationTest {
    private int gaveUp;
    private final List<String> malformed = new ArrayList<>();
    private final Reassembler.Listener listener = new Reassembler.Listener() {
        @Override
        public void gaveUp(int count) {
            gaveUp += count;
        }

        @Override
        public void malformed(String reason) {
            malformed.add(reason);
        }
    };

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private byte[] reassemble(Reassembler r, List<ByteBuffer> fragments) throws Exception {
        byte[] result = null;
        for (ByteBuffer f : fragments) {
            ByteBuffer b = f.duplicate();
            FragmentHeader h = FragmentHeader.read(b, 1 << 20);
            assertNotNull(h);
            Reassembler.Complete c = r.add(h, b);
            if (c != null) {
                assertNull(result, "completed twice");
                result = c.payload();
            }
        }
        return result;
    }

    @Test
    void smallMessagesGoOutWithoutHeader() {
        byte[] m = "hello".getBytes();
        List<ByteBuffer> d = Fragmenter.split(m, 1400, 1, 1);
        assertEquals(1, d.size());
        assertEquals(5, d.get(0).remaining(), "no Polycast framing on an unfragmented message");
    }

    @Test
    void largeMessageRoundTripsInAnyOrder() throws Exception {
        byte[] m = random(65536, 1);
        List<ByteBuffer> fragments = new ArrayList<>(Fragmenter.split(m, 1200, 42, 7));
        assertEquals((65536 + 1167) / 1168, fragments.size());
        fragments.forEach(f -> assertTrue(f.remaining() <= 1200));
        Collections.shuffle(fragments, new Random(3));
        assertArrayEquals(m, reassemble(new Reassembler(16, 5000, listener), fragments));
    }

    @Test
    void messageThatStartsWithTheMagicIsEscapedAsOneFragment() throws Exception {
        byte[] m = {(byte) 0xFA, 'P', 'C', 'F', 1, 2, 3};
        List<ByteBuffer> d = Fragmenter.split(m, 1400, 9, 9);
        assertEquals(1, d.size());
        assertEquals(FragmentHeader.LENGTH + m.length, d.get(0).remaining());
        assertArrayEquals(m, reassemble(new Reassembler(16, 5000, listener), d));
    }

    @Test
    void emptyMessageWorks() throws Exception {
        assertEquals(0, Fragmenter.split(new byte[0], 1400, 1, 1).get(0).remaining());
    }

    @Test
    void duplicatedFragmentIsIgnored() throws Exception {
        byte[] m = random(5000, 2);
        List<ByteBuffer> f = new ArrayList<>(Fragmenter.split(m, 1000, 1, 1));
        f.add(1, f.get(0).duplicate());
        assertArrayEquals(m, reassemble(new Reassembler(16, 5000, listener), f));
    }

    @Test
    void malformedHeadersAreRejectedWithReasons() {
        ByteBuffer truncated = ByteBuffer.allocate(10).putInt(FragmentHeader.MAGIC).flip();
        assertTrue(assertThrows(FragmentHeader.MalformedFragmentException.class, () -> FragmentHeader.read(truncated, 65536))
                .getMessage().contains("shorter than its 32-byte header"));
        assertTrue(readBad(2, 0, 2, 100, 0, 10).contains("version 2"));
        assertTrue(readBad(1, 3, 3, 100, 0, 10).contains("not below count"));
        assertTrue(readBad(1, 0, 0, 100, 0, 10).contains("not below count"));
        assertTrue(readBad(1, 0, 2, 100_000, 0, 10).contains("exceeds the maximum"));
        assertTrue(readBad(1, 0, 2, 100, 95, 10).contains("runs past"));
        assertTrue(readBad(1, 0, 2, 100, 0, 0).contains("empty fragment"));
    }

    private static String readBad(int version, int index, int count, int total, int offset, int payload) {
        ByteBuffer b = ByteBuffer.allocate(FragmentHeader.LENGTH + payload);
        b.putInt(FragmentHeader.MAGIC).put((byte) version).put((byte) 0).putShort((short) index).putShort((short) count)
                .putShort((short) 0).putLong(1).putInt(1).putInt(total).putInt(offset).position(b.limit()).flip();
        return assertThrows(FragmentHeader.MalformedFragmentException.class, () -> FragmentHeader.read(b, 65536)).getMessage();
    }

    @Test
    void inconsistentFragmentsAreCountedNotThrown() throws Exception {
        Reassembler r = new Reassembler(16, 5000, listener);
        List<ByteBuffer> a = Fragmenter.split(random(3000, 1), 1000, 5, 5);
        List<ByteBuffer> b = Fragmenter.split(random(5000, 1), 1000, 5, 5); // same id, other length
        ByteBuffer first = a.get(0).duplicate();
        assertNull(r.add(FragmentHeader.read(first, 65536), first));
        ByteBuffer other = b.get(1).duplicate();
        assertNull(r.add(FragmentHeader.read(other, 65536), other));
        assertEquals(1, malformed.size());
    }

    @Test
    void pendingMessagesAreBounded() throws Exception {
        Reassembler r = new Reassembler(2, 60_000, listener);
        for (int id = 0; id < 3; id++) {
            ByteBuffer f = Fragmenter.split(random(3000, id), 1000, 1, id).get(0).duplicate();
            r.add(FragmentHeader.read(f, 65536), f);
        }
        assertEquals(1, gaveUp, "the oldest was given up for the third");
        assertEquals(2, r.pending());
    }

    @Test
    void pendingBytesAreBoundedWhateverTheCount() throws Exception {
        // first fragments only, each declaring 60,000 bytes: a forged stream of them must not hold 1,024 x 60 KB
        Reassembler r = new Reassembler(1024, 150_000, 60_000, listener);
        for (int id = 0; id < 10; id++) {
            ByteBuffer f = Fragmenter.split(random(60_000, id), 1000, 1, id).get(0).duplicate();
            r.add(FragmentHeader.read(f, 65536), f);
        }
        assertEquals(2, r.pending(), "two of 60,000 bytes fit in 150,000");
        assertEquals(120_000, r.pendingBytes());
        assertEquals(8, gaveUp, "each older one was given up, and counted");
        List<ByteBuffer> whole = Fragmenter.split(random(60_000, 42), 1000, 1, 42);
        assertArrayEquals(random(60_000, 42), reassemble(r, whole), "a complete message still gets through");
        assertEquals(60_000, r.pendingBytes(), "one older partial made room for it, and its own buffer is accounted for no longer");
    }

    @Test
    void pendingMessagesExpire() throws Exception {
        Reassembler r = new Reassembler(2, 1, listener);
        ByteBuffer first = Fragmenter.split(random(3000, 1), 1000, 1, 1).get(0).duplicate();
        r.add(FragmentHeader.read(first, 65536), first);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (gaveUp < 1 && System.nanoTime() < deadline) {
            ByteBuffer f = Fragmenter.split(random(3000, 9), 1000, 2, 99).get(0).duplicate();
            r.add(FragmentHeader.read(f, 65536), f); // each add sweeps expired ones
        }
        assertTrue(gaveUp >= 1, "an expired partial message is given up");
    }

    @Test
    void plainDatagramIsNotAFragment() throws Exception {
        assertNull(FragmentHeader.read(ByteBuffer.wrap("plain multicast payload".getBytes()), 65536));
    }
}
