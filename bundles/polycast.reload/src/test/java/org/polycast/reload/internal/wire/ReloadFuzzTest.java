package org.polycast.reload.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.polycast.reload.internal.message.AppAttachReqAns;
import org.polycast.reload.internal.message.AttachReqAns;
import org.polycast.reload.internal.message.ChordUpdate;
import org.polycast.reload.internal.message.ConfigUpdateReq;
import org.polycast.reload.internal.message.DataSpecifier;
import org.polycast.reload.internal.message.ErrorResponse;
import org.polycast.reload.internal.message.FetchAns;
import org.polycast.reload.internal.message.Find;
import org.polycast.reload.internal.message.JoinReq;
import org.polycast.reload.internal.message.LeaveReq;
import org.polycast.reload.internal.message.Ping;
import org.polycast.reload.internal.message.Probe;
import org.polycast.reload.internal.message.RouteQueryReq;
import org.polycast.reload.internal.message.StatAns;
import org.polycast.reload.internal.message.StoreAns;
import org.polycast.reload.internal.message.StoreReq;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;

/**
 * Structured mutation of well-formed messages (bit flips, byte changes, length fields made wrong,
 * truncation, splices): the message and body decoders may only ever answer with a
 * {@link ReloadFormatException}. The count comes from {@code reload.fuzz.iterations} (a million in the
 * build, more with -Dreload.fuzz.iterations=N).
 */
class ReloadFuzzTest {
    @FunctionalInterface
    interface BodyDecoder {
        Object decode(byte[] body) throws ReloadFormatException;
    }

    static final BodyDecoder[] BODY_DECODERS = {AttachReqAns::decode, AppAttachReqAns::decode, JoinReq::decode, LeaveReq::decode, ChordUpdate::decode,
        RouteQueryReq::decode, RouteQueryReq::decodeAnswer, b -> {
            Ping.checkRequest(b);
            return null;
        }, Ping.Answer::decode, Probe::decodeRequest, Probe::decodeAnswer, ErrorResponse::decode, ConfigUpdateReq::decode,
        b -> StoreReq.decode(b, Samples::model), StoreAns::decode, b -> DataSpecifier.Request.decode(b, Samples::model),
        b -> FetchAns.decode(b, Samples::model), b -> StatAns.decode(b, Samples::model), Find.Request::decode, Find::decodeAnswer};

    @Test
    void mutatedMessagesOnlyEverRaiseFormatErrors() throws Exception {
        int iterations = Integer.getInteger("reload.fuzz.iterations", 100_000);
        Random random = new Random(7046);
        List<byte[]> seeds = new ArrayList<>();
        for (ReloadMessage m : Samples.all()) {
            seeds.add(m.encode());
        }
        int decoded = 0;
        int rejected = 0;
        for (int i = 0; i < iterations; i++) {
            byte[] input = Mutator.mutate(seeds.get(random.nextInt(seeds.size())), seeds, random);
            try {
                ReloadMessage m = ReloadMessage.decode(input);
                decoded++;
                byte[] again = m.encode();
                assertEquals(input.length, again.length, "re-encoding changed the length");
                decodeBody(m.contents().body());
            } catch (ReloadFormatException e) {
                rejected++;
            }
        }
        System.out.println("reload fuzz: " + iterations + " inputs, " + decoded + " decoded, " + rejected + " rejected");
        assertTrue(decoded > 0 && rejected > 0);
    }

    /** Coverage-guided fuzzing by flag: {@code JAZZER_FUZZ=1 mvn test -pl bundles/polycast.reload -Dtest=ReloadFuzzTest#coverageGuided}. */
    @com.code_intelligence.jazzer.junit.FuzzTest(maxDuration = "5m")
    void coverageGuided(byte[] input) {
        try {
            ReloadMessage.decode(input).encode();
        } catch (ReloadFormatException expected) {
            // what hostile input must get
        }
        decodeBody(input);
    }

    static void decodeBody(byte[] body) {
        for (BodyDecoder d : BODY_DECODERS) {
            try {
                d.decode(body);
            } catch (ReloadFormatException expected) {
                // what hostile bodies must get
            }
        }
    }

    @Test
    void framingDecoderSurvivesGarbageAndReleasesEverything() {
        Random random = new Random(6940);
        byte[] message = Samples.all().get(0).encode();
        for (int i = 0; i < 20_000; i++) {
            EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(16000));
            byte[] stream = new byte[8 + message.length];
            stream[0] = (byte) Frame.DATA;
            stream[7] = (byte) message.length;
            System.arraycopy(message, 0, stream, 8, message.length);
            byte[] input = Mutator.mutate(stream, List.of(stream), random);
            try {
                ch.writeInbound(Unpooled.wrappedBuffer(input));
            } catch (DecoderException expected) {
                // unknown frame type or oversize message: the link handler closes the connection
            }
            Object o;
            while ((o = ch.readInbound()) != null) {
                assertTrue(o instanceof Frame);
            }
            assertFalse(ch.finish(), "every decoded frame was read, nothing is left in the channel");
        }
    }
}
