package org.polycast.alm.internal.tree;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DeduplicatorTest {
    private final Deduplicator seen = new Deduplicator(2);

    @Test
    void eachPairOnceInAnyOrderWithinTheWindow() {
        assertTrue(seen.firstTime("a", 10));
        assertTrue(seen.firstTime("a", 12));
        assertFalse(seen.firstTime("a", 10));
        assertTrue(seen.firstTime("a", 11), "late but new");
        assertFalse(seen.firstTime("a", 11));
        assertTrue(seen.firstTime("b", 11), "another origin has sequences of its own");
    }

    @Test
    void aCopyRetriedAfterHundredsOfNewerMessagesIsStillToldApart() {
        assertTrue(seen.firstTime("a", 1));
        for (long s = 3; s <= 900; s++) {
            assertTrue(seen.firstTime("a", s));
        }
        assertTrue(seen.firstTime("a", 2), "sent before the 898 that overtook it, never seen: delivered");
        assertFalse(seen.firstTime("a", 2));
        assertFalse(seen.firstTime("a", 500));
    }

    @Test
    void whatFallsOutOfTheWindowIsRefusedAndSlotsReusedAfterAJumpAreClear() {
        assertTrue(seen.firstTime("a", 5));
        assertTrue(seen.firstTime("a", 5 + Deduplicator.WINDOW), "a jump by exactly the window");
        assertFalse(seen.firstTime("a", 5), "too old to tell");
        assertTrue(seen.firstTime("a", 6 + Deduplicator.WINDOW), "the slot of 6 was cleared, not taken for a copy");
        assertTrue(seen.firstTime("a", 7 + 3L * Deduplicator.WINDOW), "a jump beyond the window clears it all");
        assertTrue(seen.firstTime("a", 8 + 2L * Deduplicator.WINDOW + 10), "inside the new window and unseen");
    }

    @Test
    void originsBeyondTheBoundAreForgottenOldestFirst() {
        seen.firstTime("a", 1);
        seen.firstTime("b", 1);
        seen.firstTime("c", 1);
        assertTrue(seen.firstTime("a", 1), "a was forgotten: its sequence counts as new again");
        assertFalse(seen.firstTime("c", 1));
    }
}
