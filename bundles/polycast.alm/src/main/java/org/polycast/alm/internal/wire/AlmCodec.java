package org.polycast.alm.internal.wire;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The ALM encoding inside a RELOAD exp_a message body (RFC 7019 §10): the ALM header (sam_token
 * 0xD3414D42, the algorithm id, version 0x0A), the ALM message code, then the message body, which runs
 * to the end of the RELOAD body (the RFC gives it no length; reading 1 in the project notes). Errors
 * travel as RELOAD Error_Exp_A with an {@link AlmError} as error_info.
 */
public final class AlmCodec {
    public static final long SAM_TOKEN = 0xD3414D42L;
    public static final int VERSION = 0x0A;
    public static final int SCRIBE_SAM = 0x0001;
    public static final int P2PCAST_SAM = 0x0002;
    /** ALM header (7 octets) and message code (2). */
    public static final int HEADER_LENGTH = 9;

    private AlmCodec() {
    }

    /** An ALM message with the algorithm its header names. */
    public record Decoded(int algorithm, AlmMessage message) {
    }

    public static byte[] encode(int algorithm, AlmMessage m) {
        AlmWriter w = new AlmWriter().u32(SAM_TOKEN).u16(algorithm).u8(VERSION).u16(m.code());
        m.writeBody(w);
        return w.toByteArray();
    }

    /** The ALMTree structure alone (RFC 7019 §7.2.1, the body of CreateALMTree): the value of the ALMTree kind (§12). */
    public static byte[] almTree(AlmMessage.CreateTree tree) {
        AlmWriter w = new AlmWriter();
        tree.writeBody(w);
        return w.toByteArray();
    }

    public static AlmMessage.CreateTree readAlmTree(byte[] value) throws AlmFormatException {
        AlmReader r = new AlmReader(value, 0, value.length);
        AlmMessage.CreateTree t = new AlmMessage.CreateTree(AlmMessage.readId(r, "peer_id"), r.opaque(4, "session_key"), AlmMessage.readId(r, "group_id"),
                AlmOption.readAll(r));
        if (r.remaining() != 0) {
            throw new AlmFormatException(r.remaining() + " octets after the ALMTree structure");
        }
        return t;
    }

    public static Decoded decode(byte[] body) throws AlmFormatException {
        AlmReader r = new AlmReader(body, 0, body.length);
        long token = r.u32("sam_token");
        if (token != SAM_TOKEN) {
            throw new AlmFormatException("sam_token 0x" + Long.toHexString(token) + " is not 0xd3414d42");
        }
        int algorithm = r.u16("alm_algorithm_id");
        int version = r.u8("version");
        if (version != VERSION) {
            throw new AlmFormatException("ALM version 0x" + Integer.toHexString(version) + " is not 0x0a");
        }
        int code = r.u16("alm_message_code");
        AlmMessage m = switch (code) {
            case 0x0001 -> new AlmMessage.CreateTree(AlmMessage.readId(r, "peer_id"), r.opaque(4, "session_key"), AlmMessage.readId(r, "group_id"),
                    AlmOption.readAll(r));
            case AlmMessage.CREATE_TREE_RESPONSE, AlmMessage.REFORM_RESPONSE, AlmMessage.PUSH_RESPONSE -> new AlmMessage.OptionsResponse(code,
                    AlmOption.readAll(r));
            // RFC 7019 gives HeartbeatResponse no structure; Polycast sends an options Dictionary (the parent's depth), and an
            // empty body from another implementation reads as no options.
            case AlmMessage.HEARTBEAT_RESPONSE -> new AlmMessage.OptionsResponse(code, r.remaining() == 0 ? List.of() : AlmOption.readAll(r));
            case 0x0003 -> new AlmMessage.Join(AlmMessage.readId(r, "peer_id"), AlmMessage.readId(r, "group_id"), AlmOption.readAll(r));
            case 0x0004 -> new AlmMessage.JoinAccept(AlmMessage.readId(r, "parent_peer_id"), AlmMessage.readId(r, "child_peer_id"),
                    AlmMessage.readId(r, "group_id"), AlmOption.readAll(r));
            case 0x0006 -> new AlmMessage.JoinConfirm(AlmMessage.readId(r, "child_peer_id"), AlmMessage.readId(r, "parent_peer_id"),
                    AlmMessage.readId(r, "group_id"), AlmOption.readAll(r));
            case 0x0008 -> new AlmMessage.JoinDecline(AlmMessage.readId(r, "peer_id"), AlmMessage.readId(r, "parent_peer_id"),
                    AlmMessage.readId(r, "group_id"));
            case 0x000A -> new AlmMessage.Leave(AlmMessage.readId(r, "peer_id"), AlmMessage.readId(r, "group_id"), AlmOption.readAll(r));
            case 0x000C -> new AlmMessage.Reform(AlmMessage.readId(r, "group_id"), AlmMessage.readId(r, "peer_id"), AlmOption.readAll(r));
            case 0x000E -> new AlmMessage.Heartbeat(AlmMessage.readId(r, "peer_id_src"), AlmMessage.readId(r, "peer_id_dst"),
                    AlmMessage.readId(r, "group_id"), AlmOption.readAll(r));
            case 0x0010 -> new AlmMessage.NodeQuery(AlmMessage.readId(r, "peer_id_src"), AlmMessage.readId(r, "peer_id_dst"));
            case 0x0011 -> new AlmMessage.NodeQueryResponse(NodeStatistics.read(r));
            case 0x0012 -> {
                String group = AlmMessage.readId(r, "group_id");
                int priority = r.u8("priority");
                long length = r.u32("length");
                byte[] data = r.opaque(4, "data");
                if (length != data.length) {
                    throw new AlmFormatException("push length " + length + " but " + data.length + " octets of data");
                }
                yield new AlmMessage.Push(group, priority, data);
            }
            case AlmMessage.JOIN_REJECT, AlmMessage.JOIN_CONFIRM_RESPONSE, AlmMessage.JOIN_DECLINE_RESPONSE, AlmMessage.LEAVE_RESPONSE ->
                new AlmMessage.Empty(code);
            default -> throw new AlmFormatException("ALM message code 0x" + Integer.toHexString(code) + " is not defined by RFC 7019");
        };
        r.end("ALM message 0x" + Integer.toHexString(code));
        return new Decoded(algorithm, m);
    }

    /** ALMErrorResponse (RFC 7019 §10): the ALM error code and text, the error_info of a RELOAD Error_Exp_A. */
    public record AlmError(int code, String text) {
        public static final int UNKNOWN_ALGORITHM = 1;
        public static final int CHILD_LIMIT_REACHED = 2;
        public static final int TREE_DEPTH_LIMIT_REACHED = 0xB;
        public static final int OTHER = 0xC;

        public byte[] encode() {
            return new AlmWriter().u16(code).opaque(2, text.getBytes(StandardCharsets.UTF_8)).toByteArray();
        }

        public static AlmError decode(byte[] info) throws AlmFormatException {
            AlmReader r = new AlmReader(info, 0, info.length);
            AlmError e = new AlmError(r.u16("alm_error_code"), new String(r.opaque(2, "alm_error_info"), StandardCharsets.UTF_8));
            r.end("ALM error");
            return e;
        }
    }
}
