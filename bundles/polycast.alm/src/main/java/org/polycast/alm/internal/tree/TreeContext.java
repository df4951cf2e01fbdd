package org.polycast.alm.internal.tree;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.polycast.alm.internal.wire.AlmCodec;
import org.polycast.alm.internal.wire.AlmCodec.AlmError;
import org.polycast.alm.internal.wire.AlmFormatException;
import org.polycast.alm.internal.wire.AlmMessage;
import org.polycast.api.overlay.OverlayError;
import org.polycast.api.overlay.OverlayException;
import org.polycast.api.overlay.OverlayService;

/** What the membership and the data plane of the trees share: the overlay, the ALM thread, settings, counters and the trees. */
final class TreeContext {

    final OverlayService overlay;
    final ScribeTrees.Clock clock;
    final ScribeTrees.Listener listener;
    final ScribeTrees.Settings settings;
    final ScribeTrees.DataSettings data;
    final String self;
    final byte[] selfId;
    final long startedAt;
    final Map<String, Tree> trees = new HashMap<>();
    final TreeCounters counters;
    boolean closed;

    TreeContext(OverlayService overlay, ScribeTrees.Clock clock, ScribeTrees.Listener listener, ScribeTrees.Settings settings, ScribeTrees.DataSettings data) {
        this.overlay = overlay;
        this.clock = clock;
        this.listener = listener;
        this.settings = settings;
        this.data = data;
        this.self = overlay.nodeId();
        this.selfId = HexFormat.of().parseHex(self);
        this.startedAt = clock.nowMillis();
        this.counters = new TreeCounters(this::trace);
    }

    void count(AlmCounter c) {
        counters.add(c);
    }

    /** Debugging only (-Dpolycast.alm.trace=true): every counted event with the trees' state. */
    private void trace(AlmCounter c) {
        StringBuilder b = new StringBuilder("alm-trace " + self.substring(0, 8) + " " + c.label());
        trees.values().forEach(t -> b.append(" [").append(t.group, 0, 8).append(' ').append(t.place).append(t.member ? " member" : "")
                .append(" parent=").append(t.parent == null ? "-" : t.parent.substring(0, 8)).append(" depth=").append(t.depth)
                .append(" children=").append(t.children.keySet().stream().map(x -> x.substring(0, 8)).toList()).append(']'));
        listener.trace(b.toString());
    }

    /** How far back a re-joining child may ask: until its old parent is dropped and it has found a new one. */
    long replayWindow() {
        return settings.heartbeatMillis() * (settings.missedHeartbeats() + 2) + settings.joinConfirmTimeoutMillis();
    }

    /** Octets of a Node-ID (the overlay's, as this peer's own hex id shows). */
    int idBytes() {
        return self.length() / 2;
    }

    void send(String peer, AlmMessage m) {
        overlay.requestNode(peer, AlmCodec.encode(AlmCodec.SCRIBE_SAM, m));
    }

    /** Sends a request and decodes the answer; ALM errors and timeouts fail the stage. */
    CompletableFuture<AlmMessage> ask(String peer, AlmMessage m, long timeoutMillis) {
        return decoded(overlay.requestNode(peer, AlmCodec.encode(AlmCodec.SCRIBE_SAM, m)), timeoutMillis);
    }

    static CompletableFuture<AlmMessage> decoded(CompletionStage<byte[]> sent, long timeoutMillis) {
        return sent.toCompletableFuture().orTimeout(timeoutMillis, TimeUnit.MILLISECONDS).thenApply(bytes -> {
            try {
                return AlmCodec.decode(bytes).message();
            } catch (AlmFormatException e) {
                throw new CompletionException(e);
            }
        });
    }

    static OverlayException error(int almCode, String text) {
        return new OverlayException(OverlayError.EXP_A, text, new AlmError(almCode, text).encode());
    }
}
