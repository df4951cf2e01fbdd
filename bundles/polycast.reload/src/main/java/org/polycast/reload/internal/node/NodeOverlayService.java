package org.polycast.reload.internal.node;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.polycast.api.overlay.OverlayError;
import org.polycast.api.overlay.OverlayException;
import org.polycast.api.overlay.OverlayRequestHandler;
import org.polycast.api.overlay.OverlayService;
import org.polycast.api.overlay.OverlayValue;
import org.polycast.reload.internal.config.KindDefinition;
import org.polycast.reload.internal.message.DataSpecifier;
import org.polycast.reload.internal.message.ErrorResponse;
import org.polycast.reload.internal.message.StoredData;
import org.polycast.reload.internal.message.StoredDataValue;
import org.polycast.reload.internal.wire.Destination;
import org.polycast.reload.internal.wire.ErrorCode;
import org.polycast.reload.internal.wire.MessageCode;
import org.polycast.reload.internal.wire.NodeId;

/**
 * The {@link OverlayService} contract served by one {@link OverlayNode}: the configured peer offers it
 * to other bundles, and the simulation gives it to the layers above the overlay (ALM) in tests.
 * Completions run on the node's thread.
 */
public final class NodeOverlayService implements OverlayService {
    private final OverlayNode node;

    public NodeOverlayService(OverlayNode node) {
        this.node = node;
    }

    @Override
    public String overlayName() {
        return node.config().instanceName();
    }

    @Override
    public String nodeId() {
        return node.self().hex();
    }

    @Override
    public String userName() {
        return node.signer().identity().userName();
    }

    @Override
    public boolean joined() {
        return node.chord().state() == ChordProtocol.State.JOINED;
    }

    @Override
    public byte[] resourceId(String name) {
        return NodeId.hash(name.getBytes(StandardCharsets.UTF_8)).toBytes();
    }

    @Override
    public CompletionStage<String> nextHop(byte[] resource) {
        CompletableFuture<String> f = new CompletableFuture<>();
        node.execute(() -> {
            NodeId position = NodeId.prefixOf(resource);
            if (node.chord().responsibleFor(position)) {
                f.complete(node.self().hex());
                return;
            }
            Link l = node.nextHop(new Destination.Resource(resource));
            if (l == null) {
                f.completeExceptionally(new OverlayException(OverlayError.NOT_FOUND, "no route from " + node.self().shortHex() + " toward the resource"));
            } else {
                f.complete(l.peer().hex());
            }
        });
        return f;
    }

    @Override
    public List<String> kinds() {
        return node.config().kindNames();
    }

    @Override
    public CompletionStage<List<String>> store(String kind, byte[] resource, List<OverlayValue> values, Duration lifetime) {
        KindDefinition k;
        List<StoredDataValue> data = new ArrayList<>();
        try {
            k = node.config().kind(kind);
            for (OverlayValue v : values) {
                data.add(toStored(k, v));
            }
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new OverlayException(OverlayError.UNKNOWN_KIND, e.getMessage()));
        }
        return node.storage().store(resource, k, data, lifetime.toSeconds()).handle((s, e) -> {
            if (e != null) {
                throw wrap(e);
            }
            List<String> replicas = new ArrayList<>();
            s.answer().kinds().forEach(r -> r.replicas().forEach(n -> replicas.add(n.hex())));
            return replicas;
        });
    }

    public static StoredDataValue toStored(KindDefinition k, OverlayValue v) {
        return switch (k.model()) {
            case SINGLE -> new StoredDataValue.Single(v.exists(), v.value());
            case ARRAY -> new StoredDataValue.ArrayEntry(v.index() < 0 ? StoredDataValue.APPEND : v.index(), v.exists(), v.value());
            case DICTIONARY -> {
                if (v.key() == null) {
                    throw new IllegalArgumentException("kind " + k.name() + " is a dictionary: each value needs a key");
                }
                yield new StoredDataValue.DictionaryEntry(v.key(), v.exists(), v.value());
            }
        };
    }

    @Override
    public CompletionStage<List<OverlayValue>> fetch(String kind, byte[] resource) {
        KindDefinition k;
        try {
            k = node.config().kind(kind);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new OverlayException(OverlayError.UNKNOWN_KIND, e.getMessage()));
        }
        return fetched(k, resource).handle((f, e) -> {
            if (e != null) {
                throw wrap(e);
            }
            return values(f);
        });
    }

    public CompletableFuture<StorageProtocol.Fetched> fetched(KindDefinition k, byte[] resource) {
        return node.storage().fetch(resource, DataSpecifier.all(k.id(), k.model()));
    }

    public static List<OverlayValue> values(StorageProtocol.Fetched f) {
        List<OverlayValue> out = new ArrayList<>();
        for (int i = 0; i < f.values().size(); i++) {
            StoredData d = f.values().get(i);
            StoredDataValue v = d.value();
            String signer = f.signers().get(i) == null ? null : f.signers().get(i).hex();
            long index = v instanceof StoredDataValue.ArrayEntry a ? a.index() : -1;
            byte[] key = v instanceof StoredDataValue.DictionaryEntry e ? e.key() : null;
            out.add(OverlayValue.fetched(v.value(), v.exists(), index, key, signer));
        }
        return out;
    }

    @Override
    public CompletionStage<byte[]> request(byte[] resource, byte[] body) {
        return exp(List.of(new Destination.Resource(resource)), body);
    }

    @Override
    public CompletionStage<byte[]> requestNode(String nodeId, byte[] body) {
        NodeId id;
        try {
            id = NodeId.of(HexFormat.of().parseHex(nodeId));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new OverlayException(OverlayError.INVALID_MESSAGE, "not a Node-ID: " + nodeId));
        }
        return answerBody(node.requestNode(id, MessageCode.EXP_A, body));
    }

    private CompletionStage<byte[]> exp(List<Destination> to, byte[] body) {
        return answerBody(node.request(to, MessageCode.EXP_A, body));
    }

    private static CompletionStage<byte[]> answerBody(CompletableFuture<Incoming> sent) {
        return sent.handle((in, e) -> {
            if (e != null) {
                throw wrap(e);
            }
            return in.body();
        });
    }

    @Override
    public AutoCloseable serve(OverlayRequestHandler handler) {
        node.handle(MessageCode.EXP_A, (Incoming in) -> handler.handle(in.signer().nodeId().hex(), in.body()).whenComplete((answer, e) -> node.execute(() -> {
            if (e == null) {
                node.respond(in, MessageCode.answerTo(MessageCode.EXP_A), answer);
            } else {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                int code = cause instanceof OverlayException o && o.errorCode() != 0 ? o.errorCode() : ErrorCode.EXP_A;
                byte[] info = cause instanceof OverlayException o ? o.info() : null;
                ErrorResponse error = info != null ? new ErrorResponse(code, info) : ErrorResponse.of(code, String.valueOf(cause.getMessage()));
                node.respond(in, MessageCode.ERROR, error.encode());
            }
        })));
        return () -> node.handle(MessageCode.EXP_A, null);
    }

    @Override
    public byte[] certificate() {
        return node.signer().certificates().get(0).der();
    }

    @Override
    public byte[] sign(byte[] data) {
        return node.signer().sign(data).value();
    }

    @Override
    public void verify(String nodeId, byte[] certificate, byte[] data, byte[] signature) throws OverlayException {
        org.polycast.reload.internal.security.Identity who;
        try {
            who = node.verifier().verifyData(certificate, data, signature);
        } catch (org.polycast.reload.internal.security.SignatureCheckException e) {
            throw new OverlayException(OverlayError.FORBIDDEN, e.getMessage());
        }
        if (!who.nodeId().hex().equalsIgnoreCase(nodeId)) {
            throw new OverlayException(OverlayError.FORBIDDEN, "the certificate names " + who.nodeId().shortHex() + ", not " + nodeId);
        }
    }

    static CompletionException wrap(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof RequestFailedException r) {
            return new CompletionException(new OverlayException(r.errorCode(), r.getMessage(), r.info()));
        }
        return new CompletionException(cause);
    }
}
