package org.polycast.core.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.polycast.api.HamUri;

class DuplicateFilterTest {
    private static final HamUri G = HamUri.parse("ham:opaque:g");

    @Test
    void copyOverASecondInterfaceIsSuppressed() {
        DuplicateFilter f = new DuplicateFilter(2000);
        assertTrue(f.accept(G, 1, null, "a".getBytes()));
        assertFalse(f.accept(G, 2, null, "a".getBytes()));
    }

    @Test
    void sameContentTwiceOnOneInterfaceIsTwoMessages() {
        DuplicateFilter f = new DuplicateFilter(2000);
        assertTrue(f.accept(G, 1, null, "tick".getBytes()));
        assertFalse(f.accept(G, 2, null, "tick".getBytes()));
        assertTrue(f.accept(G, 1, null, "tick".getBytes()), "the application sent it again");
        assertFalse(f.accept(G, 2, null, "tick".getBytes()));
    }

    @Test
    void otherGroupOrContentIsNotADuplicate() {
        DuplicateFilter f = new DuplicateFilter(2000);
        assertTrue(f.accept(G, 1, null, "a".getBytes()));
        assertTrue(f.accept(HamUri.parse("ham:opaque:h"), 2, null, "a".getBytes()));
        assertTrue(f.accept(G, 2, null, "b".getBytes()));
    }

    @Test
    void fragmentedMessagesAreMatchedByIdExactly() {
        DuplicateFilter f = new DuplicateFilter(2000);
        Reassembler.MessageKey k = new Reassembler.MessageKey(7, 1);
        assertTrue(f.accept(G, 1, k, new byte[100]));
        assertFalse(f.accept(G, 2, k, new byte[100]));
        assertFalse(f.accept(G, 1, k, new byte[100]));
        assertTrue(f.accept(G, 1, new Reassembler.MessageKey(7, 2), new byte[100]));
    }

    @Test
    void zeroWindowDisablesTheFilter() {
        DuplicateFilter f = new DuplicateFilter(0);
        assertTrue(f.accept(G, 1, null, "a".getBytes()));
        assertTrue(f.accept(G, 2, null, "a".getBytes()));
    }
}
