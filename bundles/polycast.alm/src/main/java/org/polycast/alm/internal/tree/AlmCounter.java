package org.polycast.alm.internal.tree;

/** What the trees count, under the names {@code ham:alm}, the status pages and the JSON status show. */
public enum AlmCounter {
    PUSHES_SENT("pushes-sent", "messages this peer's applications sent to a tree"),
    PUSHES_RETRIED("pushes-retried", "Pushes to a group's root sent again (no root yet, or it did not answer)"),
    PUSHES_TO_ROOT_FAILED("pushes-to-root-failed", "Pushes to a group's root given up after the replay window"),
    CREATE_TREE_FAILED("create-tree-failed", "CreateALMTree requests (srcRegister) that failed"),
    JOIN_NO_ROUTE("join-no-route", "Joins that found no route toward the group id"),
    JOINS_VIA_ROOT("joins-via-root", "Joins sent to the group id because the next hop lay in this peer's subtree"),
    JOINS_PUSHED_DOWN("joins-pushed-down", "Joins moved to a child by a full parent (Child_Limit_Reached)"),
    JOINS_REFUSED_OR_LOST("joins-refused-or-lost", "Joins refused or unanswered"),
    JOINS_DECLINED_LOOP("joins-declined-loop", "JoinAccepts declined because the accepting peer is in this peer's subtree"),
    JOINS_REFUSED_LOOP("joins-refused-loop", "Joins refused because the joiner is an ancestor"),
    CONFIRMS_LOST("confirms-lost", "JoinConfirms unanswered"),
    ATTACHED("attached", "times this peer attached below a parent"),
    REATTACHES("reattaches", "re-attachments after losing a parent"),
    REATTACH_MS_TOTAL("reattach-ms-total", "milliseconds spent re-attaching, summed"),
    BECAME_ROOT("became-root", "times this peer took the root of a tree it was attached in"),
    RE_ROOTED("re-rooted", "times another peer became responsible for a group this peer was the root of"),
    UNROOTED_REJOINS("unrooted-rejoins", "parents left because they were cut off from any root"),
    LOOPS_BROKEN("loops-broken", "parents left because they named this peer among their ancestors"),
    PARENTS_LOST("parents-lost", "parents that stopped answering heartbeats"),
    CHILDREN_TIMED_OUT("children-timed-out", "children dropped after missed heartbeats"),
    CHILDREN_UNREACHABLE("children-unreachable", "children dropped because a record over the overlay path did not reach them (they re-attach if alive)"),
    HEARTBEATS_FROM_STRANGERS("heartbeats-from-strangers", "heartbeats from peers that are no child here"),
    RECORDS_WITHOUT_KINDS("records-without-kinds", "record intervals skipped because the overlay lacks the ALM kinds"),
    RECORDS_STORED("records-stored", "ALMTree records and diagnostics stored"),
    RECORDS_FAILED("records-failed", "ALMTree record stores that failed"),
    DUPLICATES_DROPPED("duplicates-dropped", "copies of records this peer had passed on already"),
    COPIES_DROPPED_HYBRID("copies-dropped-hybrid", "tree copies stopped because the AMT path brought them first"),
    PUSHES_FORWARDED("pushes-forwarded", "records passed on to another edge of a tree"),
    PUSHES_FORWARDED_FAILED("pushes-forwarded-failed", "records over the overlay path that the edge did not take"),
    PUSHES_TO_FORMER_PARENT("pushes-to-former-parent", "records sent to the parent left on taking the root"),
    PUSHES_REROUTED_TO_ROOT("pushes-rerouted-to-root", "records the parent did not take, sent to the root instead"),
    PUSHES_UP_WHILE_DETACHED("pushes-up-while-detached", "records of this subtree sent to the root while between parents"),
    PUSHES_DROPPED_OVERLOAD("pushes-dropped-overload", "records for a group's root through the overlay dropped: too many on their way already "
            + "(a tree re-forming under load)"),
    PUSHES_WITHOUT_TREE("pushes-without-tree", "Pushes refused for want of a tree (the source retries)"),
    PUSHES_PASSED_UP("pushes-passed-up", "Pushes routed here that went up the tree as well (responsibility moved)"),
    PUSHES_INJECTED("pushes-injected", "messages the AMT path brought, passed down to this forwarder's subtree"),
    DELIVERED("delivered", "messages delivered to this peer's applications"),
    DELIVERED_FROM_OWN_BUFFER("delivered-from-own-buffer", "messages delivered from this peer's replay buffer on becoming a member"),
    REPLAYS("replays", "replays sent to re-joining children"),
    REPLAYED_MESSAGES("replayed-messages", "records sent in replays"),
    MALFORMED("malformed", "malformed ALM messages and records"),
    MALFORMED_PUSH("malformed-push", "Pushes whose data is not a record"),
    MALFORMED_REPLAY_OPTION("malformed-replay-option", "Joins with an unreadable replay option"),
    UNKNOWN_ALGORITHM("unknown-algorithm", "ALM messages of an algorithm other than SCRIBE-SAM"),
    HANDLER_ERRORS("handler-errors", "ALM requests that failed inside this peer"),
    LINKS_UP("links-up", "tree edges whose AppAttach link came up"),
    LINK_ATTACH_FAILED("link-attach-failed", "AppAttach links that could not be made (the edge uses the overlay path)"),
    LINKS_UNSUPPORTED("links-unsupported", "children that serve no ALM data links (Error_Not_Found): overlay path only"),
    LINKS_REFUSED("links-refused", "inbound links closed: not an edge of the tree, or over the link limit"),
    LINKS_DOWN("links-down", "tree edge links that closed or broke"),
    RECORDS_OVER_LINKS("records-over-links", "records sent over tree edge links"),
    RECORDS_AFTER_LEAVE("records-after-leave", "records that came on the link of a peer after its Leave (sent before it)"),
    RECORDS_OVER_OVERLAY("records-over-overlay", "records sent as Pushes over the overlay path (no link yet, or none possible)"),
    READING_PAUSED("reading-paused", "times an incoming edge stopped reading because an outgoing edge was full"),
    INBOUND_PAUSED("inbound-paused", "times the links stopped reading because this peer's inbound queue was full"),
    SENDS_HELD_BACK("sends-held-back", "sends refused to the core for flow control (the core holds the application back)"),
    EDGES_PROBED("edges-probed", "edges full while the tree's other edges had room, let run unhindered for a second to see whether they keep up"),
    EDGES_LAGGING("edges-lagging", "edges marked slow: probed, they drained less than half of what the tree carried meanwhile"),
    DROPPED_SLOW_EDGE("dropped-slow-edge", "records not sent to a slow edge"),
    SKIPS_SENT("skips-sent", "SKIP records telling a slow edge which messages it missed"),
    MANIFESTS_SIGNED("manifests-signed", "manifests this peer signed for its own messages"),
    MANIFESTS_VERIFIED("manifests-verified", "manifests whose origin's signature checked"),
    MANIFESTS_REJECTED("manifests-rejected", "manifests whose signature or certificate did not check"),
    MANIFESTS_STALE("manifests-stale", "manifests signed too long ago (or in the future) to trust"),
    MANIFESTS_WITHOUT_CERTIFICATE("manifests-without-certificate", "manifests dropped because their origin's certificate never came"),
    MESSAGES_FORGED("messages-forged", "messages whose hash differs from the one their origin signed: dropped"),
    MESSAGES_UNVERIFIED("messages-unverified", "messages dropped because no verified manifest covered them in time"),
    MESSAGES_LOST("messages-lost", "messages a member never received: gaps in an origin's numbers, counted when given up"),
    MESSAGES_LATE("messages-late", "messages that came after later ones had been delivered: dropped, so that order holds"),
    PAUSED_FOR_VERIFICATION("paused-for-verification", "times a member stopped reading from above while three quarters of its reorder and verification buffer waited"),
    RECEIVE_OVERFLOW("receive-overflow", "messages dropped because a member's reorder and verification buffer was full");

    private final String label;
    private final String description;

    AlmCounter(String label, String description) {
        this.label = label;
        this.description = description;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }
}
