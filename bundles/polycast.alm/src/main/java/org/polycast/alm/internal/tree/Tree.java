package org.polycast.alm.internal.tree;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What this peer knows of one tree; touched on the ALM thread only. */
final class Tree {
    /** Where this peer hangs in the tree. */
    enum Place {
        /** Not below a parent and not the root: a new peer, or one that lost its parent. */
        DETACHED,
        /** A Join of this peer's is on its way. */
        ATTACHING,
        /** Below {@link Tree#parent}. */
        ATTACHED,
        /** Responsible for the group id (RFC 7019 §8.1). */
        ROOT
    }

    final String group;
    Place place = Place.DETACHED;
    /** The application joined the group here. */
    boolean member;
    /** This peer's applications send to the group: it stays on the tree while they do, so that its data floods from here. */
    boolean sender;
    long lastSentAt;
    /** The back-off before the next Join after a failed one (0: none failed lately). */
    long joinBackoff;
    /** The next Join goes to the group id rather than the next hop. */
    boolean forceViaRoot;
    /** The peer a Join of ours is waiting for: a Join from it now would close a loop. */
    String attachingTo;
    String parent;
    /** Hops to the root as the parent last said (root 0); -1 while unknown or cut off from a root. */
    int depth = -1;
    /** The ancestors up to the root as the parent last named them (parent first); empty at the root and while detached. */
    List<String> ancestors = List.of();
    /** Heartbeat answers in a row that said the parent is not under a root. */
    int unrooted;
    /** Heartbeat answers in a row in which the parent did not know its depth yet. */
    int unknownDepth;
    /** Round-trip time of heartbeats to the parent, smoothed (RFC 6298's 1/8 gain); -1 before the first answer. */
    long rttMillis = -1;
    /** One-way delay to the root: the parent's (as it said) plus half the round trip; -1 while unknown. */
    long delayToRoot = -1;
    /** Heartbeats sent to parents of this tree and answered, for the loss this peer sees upward. */
    long heartbeatsSent;
    long heartbeatsAnswered;
    final Map<String, Long> children = new HashMap<>();
    final Map<String, Long> pending = new HashMap<>();
    /**
     * The parent this peer left when it took the root, and until when data still goes to it: its subtree holds members
     * until that peer notices it is no longer responsible and joins below us.
     */
    String formerParent;
    long formerParentUntil;
    /**
     * Peers that sent Leave while their link was up, and until when their link is kept: a Leave travels the overlay and
     * may overtake the last records of the link, which the leaver closes after them. True for a former parent (its
     * records come from above), false for a former child.
     */
    final Map<String, Leaver> leavers = new HashMap<>();

    record Leaver(boolean above, long until) {
    }

    /** The creator (CreateALMTree's peer_id) and the session key, as far as this peer learnt them; for the ALMTree record. */
    String owner;
    byte[] sessionKey = new byte[0];
    /** Data this peer passed on or delivered, and when the root next stores the tree's records. */
    long messages;
    long bytes;
    long nextRecordAt;
    long recordedAt;
    long messagesAtRecord;
    long bytesAtRecord;
    /**
     * Since when this peer may have missed data (0 while attached or never): the last time its parent was heard from
     * before it was lost. A re-join asks for what passed since.
     */
    long detachedAt;
    /**
     * Since when the next Join asks for data although this peer was not cut off (0: never): a root that lost the group id
     * to a peer sources may have pushed to already, or a new forwarder for a child that asked for a replay.
     */
    long replaySince;
    /** The last heartbeat answer or record from the parent. */
    long parentHeardAt;
    /** The parent our JoinConfirm is on its way to: it may send (replayed) data before the confirmation's answer is back. */
    String confirming;
    /** The records this peer passed on lately, for children that re-join after a cut. */
    final RecentPushes recent;
    /** Children whose Join asked for the data of the last so many milliseconds. */
    final Map<String, Long> replayFor = new HashMap<>();
    /** Which (origin, sequence) DATA records, and which (origin, number) manifests, passed here already. */
    final Deduplicator seen = new Deduplicator(1024);
    final Deduplicator manifestsSeen = new Deduplicator(8192);
    /** This peer's own messages on the tree are numbered from here (its start time times 2^20: numbers grow across restarts). */
    long nextSequence;
    /** A member's ordered, verified delivery; null while not a member. */
    MemberStreams streams;
    /** Signs manifests of this peer's own messages (source authentication); null until it sends. */
    ManifestSigner signer;
    /** Incoming edges that stopped reading because an outgoing edge of this tree is full. */
    final Set<String> pausedFrom = new HashSet<>();
    /** The edge this member stopped reading because its reorder and verification buffer is half full, or null. */
    String pausedForHeld;
    /** When it did (ms). */
    long pausedForHeldAt;
    /** Local sends are refused to the core (an edge is full); cleared when all have room. */
    boolean heldBack;
    /** Pushes of this peer's own data to the group id without an answer yet (before it is on the tree). */
    int rootPushesInFlight;
    Runnable tick = () -> {
    };

    Tree(String group, RecentPushes recent, long startMillis) {
        this.group = group;
        this.recent = recent;
        this.nextSequence = startMillis << 20;
    }

    boolean root() {
        return place == Place.ROOT;
    }

    boolean attaching() {
        return place == Place.ATTACHING;
    }

    boolean onTree() {
        return place != Place.DETACHED;
    }

    /** Whether this peer has reason to be on the tree: a member, a sender, or a forwarder with children. */
    boolean wanted(long now, long senderIdleMillis) {
        return member || (sender && now - lastSentAt < senderIdleMillis) || !children.isEmpty();
    }

    /** The peers this peer exchanges the tree's records with. */
    Set<String> edgePeers() {
        Set<String> out = new HashSet<>(children.keySet());
        if (parent != null) {
            out.add(parent);
        }
        if (formerParent != null) {
            out.add(formerParent);
        }
        if (confirming != null) {
            out.add(confirming);
        }
        out.addAll(leavers.keySet());
        return out;
    }
}
