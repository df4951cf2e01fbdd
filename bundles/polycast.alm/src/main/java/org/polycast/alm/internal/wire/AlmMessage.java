package org.polycast.alm.internal.wire;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The ALM messages of RFC 7019 §7.2, carried in RELOAD exp_a requests and answers. Node and group ids
 * are 16-octet RELOAD Node-IDs, held as lower-case hex. Messages the RFC gives no structure
 * (JoinReject and the plain responses) have an empty body.
 */
public sealed interface AlmMessage {
    int code();

    void writeBody(AlmWriter w);

    /** CreateALMTree (0x0001): a source asks the peer responsible for the group to root the tree. */
    record CreateTree(String peerId, byte[] sessionKey, String groupId, List<AlmOption> options) implements AlmMessage {
        public int code() {
            return 0x0001;
        }

        public void writeBody(AlmWriter w) {
            id(w, peerId).opaque(4, sessionKey);
            id(w, groupId);
            AlmOption.writeAll(w, options);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CreateTree c && c.peerId.equals(peerId) && Arrays.equals(c.sessionKey, sessionKey) && c.groupId.equals(groupId)
                    && c.options.equals(options);
        }

        @Override
        public int hashCode() {
            return groupId.hashCode();
        }
    }

    /** CreateALMTreeResponse (0x0002), ReformResponse (0x000D), PushResponse (0x0013): options only. */
    record OptionsResponse(int code, List<AlmOption> options) implements AlmMessage {
        public void writeBody(AlmWriter w) {
            AlmOption.writeAll(w, options);
        }
    }

    /** Join (0x0003): routed hop by hop toward the group; the peer that takes the joiner answers JoinAccept. */
    record Join(String peerId, String groupId, List<AlmOption> options) implements AlmMessage {
        public int code() {
            return 0x0003;
        }

        public void writeBody(AlmWriter w) {
            id(id(w, peerId), groupId);
            AlmOption.writeAll(w, options);
        }
    }

    /** JoinAccept (0x0004): an offer of parenthood, to be confirmed or declined. */
    record JoinAccept(String parentId, String childId, String groupId, List<AlmOption> options) implements AlmMessage {
        public int code() {
            return 0x0004;
        }

        public void writeBody(AlmWriter w) {
            id(id(id(w, parentId), childId), groupId);
            AlmOption.writeAll(w, options);
        }
    }

    /** JoinConfirm (0x0006): the child takes the offer. */
    record JoinConfirm(String childId, String parentId, String groupId, List<AlmOption> options) implements AlmMessage {
        public int code() {
            return 0x0006;
        }

        public void writeBody(AlmWriter w) {
            id(id(id(w, childId), parentId), groupId);
            AlmOption.writeAll(w, options);
        }
    }

    /** JoinDecline (0x0008): the child refuses an extra offer. */
    record JoinDecline(String peerId, String parentId, String groupId) implements AlmMessage {
        public int code() {
            return 0x0008;
        }

        public void writeBody(AlmWriter w) {
            id(id(id(w, peerId), parentId), groupId);
        }
    }

    /** Leave (0x000A): to the parent (prune) or to the children (re-join elsewhere). */
    record Leave(String peerId, String groupId, List<AlmOption> options) implements AlmMessage {
        public int code() {
            return 0x000A;
        }

        public void writeBody(AlmWriter w) {
            id(id(w, peerId), groupId);
            AlmOption.writeAll(w, options);
        }
    }

    /** Reform (0x000C): re-optimise the tree, or the subtree rooted at {@code peerId} when given. */
    record Reform(String groupId, String peerId, List<AlmOption> options) implements AlmMessage {
        public int code() {
            return 0x000C;
        }

        public void writeBody(AlmWriter w) {
            id(id(w, groupId), peerId);
            AlmOption.writeAll(w, options);
        }
    }

    /** Heartbeat (0x000E): child to parent; a parent that misses several drops the child. */
    record Heartbeat(String sourceId, String destinationId, String groupId, List<AlmOption> options) implements AlmMessage {
        public int code() {
            return 0x000E;
        }

        public void writeBody(AlmWriter w) {
            id(id(id(w, sourceId), destinationId), groupId);
            AlmOption.writeAll(w, options);
        }
    }

    /** NodeQuery (0x0010): asks a peer for its statistics. */
    record NodeQuery(String sourceId, String destinationId) implements AlmMessage {
        public int code() {
            return 0x0010;
        }

        public void writeBody(AlmWriter w) {
            id(id(w, sourceId), destinationId);
        }
    }

    /** NodeQueryResponse (0x0011). */
    record NodeQueryResponse(NodeStatistics statistics) implements AlmMessage {
        public int code() {
            return 0x0011;
        }

        public void writeBody(AlmWriter w) {
            statistics.write(w);
        }
    }

    /** Push (0x0012): data down the tree (and, here, up to the root from a source). */
    record Push(String groupId, int priority, byte[] data) implements AlmMessage {
        public int code() {
            return 0x0012;
        }

        public void writeBody(AlmWriter w) {
            // Both the length field and the data vector's own prefix are written, equal (reading 7 in the project notes).
            id(w, groupId).u8(priority).u32(data.length).opaque(4, data);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Push p && p.groupId.equals(groupId) && p.priority == priority && Arrays.equals(p.data, data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }
    }

    /** JoinReject (0x0005), JoinConfirmResponse (0x0007), JoinDeclineResponse (0x0009), LeaveResponse (0x000B), HeartbeatResponse (0x000F). */
    record Empty(int code) implements AlmMessage {
        public void writeBody(AlmWriter w) {
        }
    }

    int CREATE_TREE = 0x0001;
    int JOIN = 0x0003;
    int JOIN_ACCEPT = 0x0004;
    int JOIN_CONFIRM = 0x0006;
    int JOIN_DECLINE = 0x0008;
    int LEAVE = 0x000A;
    int REFORM = 0x000C;
    int HEARTBEAT = 0x000E;
    int NODE_QUERY = 0x0010;
    int NODE_QUERY_RESPONSE = 0x0011;
    int PUSH = 0x0012;
    int JOIN_REJECT = 0x0005;
    int JOIN_CONFIRM_RESPONSE = 0x0007;
    int JOIN_DECLINE_RESPONSE = 0x0009;
    int LEAVE_RESPONSE = 0x000B;
    int HEARTBEAT_RESPONSE = 0x000F;
    int CREATE_TREE_RESPONSE = 0x0002;
    int REFORM_RESPONSE = 0x000D;
    int PUSH_RESPONSE = 0x0013;

    private static AlmWriter id(AlmWriter w, String hex) {
        byte[] b = HexFormat.of().parseHex(hex);
        if (b.length != 16) {
            throw new IllegalArgumentException("a node_id has 16 octets: " + hex);
        }
        return w.bytes(b);
    }

    static String readId(AlmReader r, String field) throws AlmFormatException {
        return HexFormat.of().formatHex(r.bytes(16, field));
    }
}
