package org.polycast.reload.internal.applink;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.polycast.api.overlay.AppLink;
import org.polycast.api.overlay.AppLinkAcceptor;
import org.polycast.api.overlay.AppLinks;
import org.polycast.api.overlay.OverlayError;
import org.polycast.api.overlay.OverlayException;
import org.polycast.reload.internal.message.AppAttachReqAns;
import org.polycast.reload.internal.message.AttachReqAns;
import org.polycast.reload.internal.message.IceCandidate;
import org.polycast.reload.internal.message.IpAddressPort;
import org.polycast.reload.internal.node.Incoming;
import org.polycast.reload.internal.node.NodeCounters;
import org.polycast.reload.internal.node.OverlayNode;
import org.polycast.reload.internal.node.RequestFailedException;
import org.polycast.reload.internal.wire.ErrorCode;
import org.polycast.reload.internal.wire.MessageCode;
import org.polycast.reload.internal.wire.NodeId;
import org.polycast.reload.internal.wire.ReloadFormatException;

/**
 * AppAttach (RFC 6940 §6.5.2) in the No-ICE form: the requester offers host candidates of its application-link listener
 * and becomes the TLS server; the answerer, if an application serves the Application-ID and accepts, answers with no
 * candidates of its own and connects to the requester (§6.5.1.13). Candidates name overlay link TLS-TCP-FH-NO-ICE, the
 * one No-ICE TCP link type there is; the connection carries the application's frames, not RELOAD's framing header
 * ({@link AppLinkPreamble}). An unknown Application-ID is answered with Error_Not_Found (§6.5.2.2), a refusal with
 * Error_Forbidden. Requests are handled on the node's thread.
 */
public final class AppAttachProtocol implements AppLinks {
    /** How long a requester waits for the answerer's connection after the answer. */
    static final long CONNECT_WAIT_MILLIS = 10_000;

    private record Pending(NodeId peer, int application, AppLink.Listener listener, CompletableFuture<AppLink> link) {
    }

    private final OverlayNode node;
    private final AppLinkTransport transport;
    private final NodeCounters counters;
    private final Map<Integer, AppLinkAcceptor> acceptors = new ConcurrentHashMap<>();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    public AppAttachProtocol(OverlayNode node, AppLinkTransport transport) {
        this.node = node;
        this.transport = transport;
        this.counters = node.counters();
        node.handle(MessageCode.APP_ATTACH, this::handle);
        transport.accept(this::claim);
    }

    @Override
    public CompletionStage<AppLink> attach(String nodeId, int applicationId, byte[] token, AppLink.Listener listener) {
        NodeId peer;
        try {
            peer = NodeId.of(HexFormat.of().parseHex(nodeId));
            checkApplication(applicationId);
            if (token.length == 0 || token.length > AppLinkPreamble.MAX_TOKEN) {
                throw new IllegalArgumentException("an AppAttach token is 1 to " + AppLinkPreamble.MAX_TOKEN + " octets, not " + token.length);
            }
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new OverlayException(OverlayError.INVALID_MESSAGE, e.getMessage()));
        }
        String key = HexFormat.of().formatHex(token);
        CompletableFuture<AppLink> link = new CompletableFuture<>();
        if (pending.putIfAbsent(key, new Pending(peer, applicationId, listener, link)) != null) {
            return CompletableFuture.failedFuture(new OverlayException(OverlayError.INVALID_MESSAGE, "an AppAttach with this token is in progress"));
        }
        List<IceCandidate> candidates = transport.candidates().stream().map(IceCandidate::host).toList();
        AppAttachReqAns request = new AppAttachReqAns(token.clone(), new byte[0], applicationId, AttachReqAns.passive(), candidates);
        counters.add("app-attach-sent");
        node.requestNode(peer, MessageCode.APP_ATTACH, request.encode()).whenComplete((in, e) -> {
            if (e != null) {
                fail(key, wrap(e));
                return;
            }
            try {
                AppAttachReqAns answer = AppAttachReqAns.decode(in.body());
                if (answer.application() != applicationId) {
                    fail(key, new OverlayException(OverlayError.INVALID_MESSAGE, "the AppAttach answer names application " + answer.application()));
                }
            } catch (ReloadFormatException x) {
                counters.add("malformed");
                fail(key, new OverlayException(OverlayError.INVALID_MESSAGE, "malformed AppAttach answer: " + x.getMessage()));
            }
        });
        node.scheduler().schedule(() -> fail(key, new OverlayException(OverlayError.REQUEST_TIMEOUT,
                "no application link from " + peer.shortHex() + " within " + CONNECT_WAIT_MILLIS + " ms of the AppAttach")), CONNECT_WAIT_MILLIS);
        return link;
    }

    @Override
    public AutoCloseable serve(int applicationId, AppLinkAcceptor acceptor) {
        checkApplication(applicationId);
        if (acceptors.putIfAbsent(applicationId, acceptor) != null) {
            throw new IllegalStateException("application " + applicationId + " is served already");
        }
        return () -> acceptors.remove(applicationId, acceptor);
    }

    private static void checkApplication(int applicationId) {
        if (applicationId <= 0 || applicationId >= 65535) {
            throw new IllegalArgumentException("Application-ID " + applicationId + " is reserved (valid: 1 to 65534)");
        }
    }

    private void fail(String key, Throwable reason) {
        Pending p = pending.remove(key);
        if (p != null) {
            counters.add("app-attach-failed");
            p.link.completeExceptionally(reason);
        }
    }

    private static Throwable wrap(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof RequestFailedException r) {
            return new OverlayException(r.errorCode(), r.getMessage(), r.info());
        }
        return cause;
    }

    /** An AppAttach request that reached this peer (node thread). */
    private void handle(Incoming in) {
        AppAttachReqAns request;
        try {
            request = AppAttachReqAns.decode(in.body());
        } catch (ReloadFormatException e) {
            counters.add("malformed");
            node.error(in, ErrorCode.INVALID_MESSAGE, "malformed AppAttach: " + e.getMessage());
            return;
        }
        NodeId requester = in.signer().nodeId();
        AppLinkAcceptor acceptor = acceptors.get(request.application());
        if (acceptor == null) {
            counters.add("app-attach-unknown-application");
            node.error(in, ErrorCode.NOT_FOUND, "no application " + request.application() + " on " + node.self().shortHex());
            return;
        }
        IpAddressPort target = null;
        for (IceCandidate c : request.candidates()) {
            if (c.overlayLink() == IceCandidate.LINK_TLS_TCP_FH_NO_ICE && c.type() == IceCandidate.HOST) {
                target = c.address();
                break;
            }
        }
        if (target == null) {
            counters.add("app-attach-without-usable-candidate");
            node.error(in, ErrorCode.INVALID_MESSAGE, "the AppAttach offers no host candidate for TLS over TCP");
            return;
        }
        byte[] token = request.ufrag();
        AppLink.Listener listener;
        try {
            listener = acceptor.accept(requester.hex(), token.clone());
        } catch (RuntimeException e) {
            counters.add("app-attach-acceptor-errors");
            listener = null;
        }
        if (listener == null) {
            counters.add("app-attach-refused");
            node.error(in, ErrorCode.FORBIDDEN, "application " + request.application() + " on " + node.self().shortHex() + " refused the link");
            return;
        }
        counters.add("app-attach-accepted");
        node.respond(in, MessageCode.answerTo(MessageCode.APP_ATTACH),
                new AppAttachReqAns(token, new byte[0], request.application(), AttachReqAns.active(), List.of()).encode());
        AppLink.Listener l = listener;
        transport.connect(target.address(), requester, request.application(), token, l).whenComplete((link, e) -> {
            if (e != null) {
                counters.add("app-link-connect-failed");
                l.closed(null, "cannot connect to " + requester.shortHex() + ": " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
                return;
            }
            acceptor.linkUp(link, token.clone());
        });
    }

    /** An authenticated inbound link named a token: the AppAttach it answers, if it is this peer's. */
    private AppLinkTransport.Claim claim(NodeId peer, byte[] token) {
        String key = HexFormat.of().formatHex(token);
        Pending p = pending.get(key);
        if (p == null) {
            counters.add("app-link-unknown-token");
            return null;
        }
        if (!p.peer.equals(peer)) {
            // A peer with a valid certificate of its own that is not the one the AppAttach went to.
            counters.add("app-link-wrong-peer");
            return null;
        }
        if (!pending.remove(key, p)) {
            return null;
        }
        counters.add("app-links-accepted");
        return new AppLinkTransport.Claim(p.application, p.listener, p.link::complete);
    }

    public void close() {
        acceptors.clear();
        pending.keySet().forEach(k -> fail(k, new OverlayException(OverlayError.NO_ANSWER, "the overlay peer is stopping")));
        transport.close();
    }
}
