package org.polycast.alm.internal.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.polycast.alm.internal.wire.AlmCodec;
import org.polycast.alm.internal.wire.AlmMessage;
import org.polycast.alm.internal.wire.AlmOption;

class AncestorPathTest {
    private static final String A = "00112233445566778899aabbccddeeff";
    private static final String B = "ffeeddccbbaa99887766554433221100";

    @Test
    void ancestorsTravelInHeartbeatAnswersAndJoinAcceptsThroughTheCodec() throws Exception {
        AlmMessage heartbeat = new AlmMessage.OptionsResponse(AlmMessage.HEARTBEAT_RESPONSE, List.of(AncestorPath.option(List.of(A, B))));
        AlmMessage decoded = AlmCodec.decode(AlmCodec.encode(AlmCodec.SCRIBE_SAM, heartbeat)).message();
        assertEquals(List.of(A, B), AncestorPath.read(decoded, 16));
        AlmMessage accept = new AlmMessage.JoinAccept(A, B, A, List.of(AncestorPath.option(List.of())));
        assertEquals(List.of(), AncestorPath.read(AlmCodec.decode(AlmCodec.encode(AlmCodec.SCRIBE_SAM, accept)).message(), 16));
    }

    @Test
    void anAnswerWithoutThePathOrWithBrokenIdsNamesNone() {
        assertNull(AncestorPath.read(new AlmMessage.OptionsResponse(AlmMessage.HEARTBEAT_RESPONSE, List.of()), 16));
        AlmOption cut = new AlmOption(AncestorPath.KEY.getBytes(StandardCharsets.UTF_8), true, new byte[17]);
        assertNull(AncestorPath.read(new AlmMessage.OptionsResponse(AlmMessage.HEARTBEAT_RESPONSE, List.of(cut)), 16));
        AlmOption tooLong = new AlmOption(AncestorPath.KEY.getBytes(StandardCharsets.UTF_8), true, new byte[16 * (AncestorPath.MAX + 1)]);
        assertNull(AncestorPath.read(new AlmMessage.OptionsResponse(AlmMessage.HEARTBEAT_RESPONSE, List.of(tooLong)), 16));
    }

    @Test
    void aChildsPathIsItsParentThenTheParentsAncestorsUpToTheLimit() {
        assertEquals(List.of(B, A), AncestorPath.below(B, List.of(A)));
        List<String> deep = new ArrayList<>();
        for (int i = 0; i < AncestorPath.MAX; i++) {
            deep.add(A);
        }
        List<String> below = AncestorPath.below(B, deep);
        assertEquals(AncestorPath.MAX, below.size());
        assertEquals(B, below.get(0));
    }
}
