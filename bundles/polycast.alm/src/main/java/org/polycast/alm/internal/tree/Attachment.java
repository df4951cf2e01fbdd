package org.polycast.alm.internal.tree;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.polycast.alm.internal.wire.AlmCodec;
import org.polycast.alm.internal.wire.AlmCodec.AlmError;
import org.polycast.alm.internal.wire.AlmFormatException;
import org.polycast.alm.internal.wire.AlmMessage;
import org.polycast.alm.internal.wire.AlmOption;
import org.polycast.api.overlay.OverlayException;

/**
 * How a peer takes a place below a parent (RFC 7019 §8, SCRIBE-SAM): a Join toward the group id, the parent's
 * JoinAccept with its ancestor path, this peer's JoinConfirm; a full parent's push-down to one of its children; a Join
 * that fails is tried again after a short back-off; a peer that took us from our own subtree is declined (a loop).
 */
final class Attachment {
    private final TreeContext c;
    private final Membership membership;
    private volatile long reattachMax;

    Attachment(TreeContext context, Membership membership) {
        this.c = context;
        this.membership = membership;
    }

    /** The longest a tree took to re-form around this peer so far (ms). */
    long reattachMax() {
        return reattachMax;
    }

    /** Joins the tree toward the group id: the next hop takes this peer, or the group id's root when the route runs below. */
    void attachUp(Tree t) {
        if (t.attaching() || c.closed) {
            return;
        }
        t.place = Tree.Place.ATTACHING;
        c.overlay.nextHop(HexFormat.of().parseHex(t.group)).whenComplete((hop, e) -> c.clock.execute(() -> {
            if (c.trees.get(t.group) != t || !t.attaching()) {
                return;
            }
            if (e != null) {
                t.place = Tree.Place.DETACHED;
                c.count(AlmCounter.JOIN_NO_ROUTE);
                retrySoon(t);
                return; // the next tick tries again
            }
            if (hop.equals(c.self)) {
                t.place = Tree.Place.ROOT;
                t.parent = null;
                t.ancestors = List.of();
                t.replaySince = 0; // nobody above to ask
                membership.edgesChanged(t);
                return;
            }
            if (t.children.containsKey(hop) || t.forceViaRoot) {
                t.forceViaRoot = false;
                // The route to the group runs through our own subtree (the root moved beyond it): a Join to that
                // child would close a loop, so it goes to the group id itself, and the responsible peer takes us.
                c.count(AlmCounter.JOINS_VIA_ROOT);
                offerVia(t, c.overlay.request(HexFormat.of().parseHex(t.group), AlmCodec.encode(AlmCodec.SCRIBE_SAM, joinMessage(t))), null, 0);
                return;
            }
            offer(t, hop, 0);
        }));
    }

    /**
     * A Join that failed is tried again after a short back-off (250 ms, doubling up to a heartbeat period) rather than at
     * the next heartbeat: a member or sender without a place waits less, and a failing overlay is not flooded with Joins.
     */
    private void retrySoon(Tree t) {
        long delay = t.joinBackoff == 0 ? 250 : Math.min(c.settings.heartbeatMillis(), t.joinBackoff * 2);
        t.joinBackoff = delay;
        c.clock.schedule(() -> {
            if (c.trees.get(t.group) == t && !t.onTree() && membership.wanted(t)) {
                attachUp(t);
            }
        }, delay);
    }

    /**
     * Asks a candidate parent to take this peer; a full parent answers Child_Limit_Reached naming one of its
     * children, and the join moves down to it (Scribe's push-down), at most eight times.
     */
    private void offer(Tree t, String candidate, int redirects) {
        offerVia(t, c.overlay.requestNode(candidate, AlmCodec.encode(AlmCodec.SCRIBE_SAM, joinMessage(t))), candidate, redirects);
    }

    private AlmMessage.Join joinMessage(Tree t) {
        List<AlmOption> options = new ArrayList<>();
        if (t.sessionKey.length > 0) {
            options.add(new AlmOption(Membership.SESSION_KEY.getBytes(StandardCharsets.UTF_8), true, t.sessionKey));
        }
        long since = t.detachedAt > 0 && t.replaySince > 0 ? Math.min(t.detachedAt, t.replaySince) : Math.max(t.detachedAt, t.replaySince);
        if (since > 0) {
            // Everything since the parent was last heard from, and a heartbeat period more for data still in flight then.
            options.add(AlmOption.of(Membership.REPLAY, Long.toString(c.clock.nowMillis() - since + c.settings.heartbeatMillis())));
        }
        return new AlmMessage.Join(c.self, t.group, options);
    }

    /** Completes a Join sent to {@code candidate} (or, when it is null, to the group id: whoever accepts becomes the parent). */
    private void offerVia(Tree t, CompletionStage<byte[]> sent, String candidate, int redirects) {
        t.attachingTo = candidate;
        TreeContext.decoded(sent, c.settings.joinConfirmTimeoutMillis()).whenComplete((answer, e) -> c.clock.execute(() -> {
            if (c.trees.get(t.group) != t || !t.attaching()) {
                return;
            }
            String suggested = suggestedChild(e);
            if (suggested != null && redirects < 8 && !suggested.equals(c.self)) {
                c.count(AlmCounter.JOINS_PUSHED_DOWN);
                offer(t, suggested, redirects + 1);
                return;
            }
            if (e != null || !(answer instanceof AlmMessage.JoinAccept accept) || (candidate != null && !accept.parentId().equals(candidate))
                    || t.children.containsKey(accept.parentId())) {
                t.place = Tree.Place.DETACHED;
                t.attachingTo = null;
                c.count(AlmCounter.JOINS_REFUSED_OR_LOST);
                retrySoon(t);
                return;
            }
            String parent = accept.parentId();
            List<String> parentPath = AncestorPath.read(accept, c.idBytes());
            if (parentPath != null && parentPath.contains(c.self)) {
                // The peer that took us is in our own subtree: below it we would close a loop. Next time the Join goes to the
                // group's responsible peer.
                c.count(AlmCounter.JOINS_DECLINED_LOOP);
                c.send(parent, new AlmMessage.JoinDecline(c.self, parent, t.group));
                t.place = Tree.Place.DETACHED;
                t.attachingTo = null;
                t.forceViaRoot = true;
                return;
            }
            t.confirming = parent;
            c.ask(parent, new AlmMessage.JoinConfirm(c.self, parent, t.group, List.of()), c.settings.joinConfirmTimeoutMillis()).whenComplete((x, e2) -> c.clock.execute(() -> {
                t.attachingTo = null;
                t.confirming = null;
                if (c.trees.get(t.group) != t) {
                    return;
                }
                if (e2 != null) {
                    t.place = Tree.Place.DETACHED;
                    c.count(AlmCounter.CONFIRMS_LOST);
                retrySoon(t);
                    membership.edgesChanged(t);
                    return;
                }
                if (t.detachedAt > 0) {
                    // How long the tree took to re-form around this peer (from when it last heard its old parent).
                    long took = c.clock.nowMillis() - t.detachedAt;
                    c.counters.add(AlmCounter.REATTACH_MS_TOTAL, took);
                    c.count(AlmCounter.REATTACHES);
                    reattachMax = Math.max(reattachMax, took);
                }
                t.parent = parent;
                t.ancestors = AncestorPath.below(parent, parentPath == null ? List.of() : parentPath);
                t.place = Tree.Place.ATTACHED;
                t.detachedAt = 0;
                t.replaySince = 0;
                t.parentHeardAt = c.clock.nowMillis();
                t.joinBackoff = 0;
                c.count(AlmCounter.ATTACHED);
                membership.attached(t);
            }));
        }));
    }

    /** The child a full parent named in its Child_Limit_Reached error, or null. */
    private static String suggestedChild(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof OverlayException o && o.info() != null) {
            try {
                AlmError error = AlmError.decode(o.info());
                if (error.code() == AlmError.CHILD_LIMIT_REACHED && error.text().matches("[0-9a-f]{32}")) {
                    return error.text();
                }
            } catch (AlmFormatException ignored) {
                // not an ALM error: no suggestion
            }
        }
        return null;
    }
}
