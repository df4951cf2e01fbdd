package org.polycast.itest.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which of tshark's expert messages count as a problem of a captured packet. */
class CaptureNotesTest {

    @Test
    void aTracerouteNoteAloneIsNoProblem() {
        // As tshark printed it in a CI run where the sender's ephemeral port fell in 33434-33534.
        assertEquals(List.of(), Capture.notes("Possible traceroute: hop #8, attempt #3"));
    }

    @Test
    void realProblemsNextToATracerouteNoteStay() {
        assertEquals(List.of("Bad checksum [should be 0x1234]", "Malformed Packet (Exception occurred)"),
                Capture.notes("Possible traceroute: hop #8, attempt #3,Bad checksum [should be 0x1234],Malformed Packet (Exception occurred)"));
    }

    @Test
    void noExpertMessageIsNoProblem() {
        assertEquals(List.of(), Capture.notes(""));
    }
}
