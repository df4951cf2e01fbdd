package org.polycast.alm.internal.tree;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.polycast.alm.internal.wire.AlmMessage;
import org.polycast.alm.internal.wire.AlmOption;

/**
 * A Polycast option of JoinAccept and HeartbeatResponse (RFC 7019 has none for it): the answering peer's ancestors on
 * the tree, parent first, up to the root; the Node-IDs back to back. A joiner that finds itself among its new parent's
 * ancestors, or a child among its parent's, would close a loop (the ring moved while the tree was re-forming, and the
 * route to the group ran through the joiner's own subtree); it goes to the group's responsible peer instead. Depths
 * alone do not show such a loop: nobody in it ever learns one.
 */
final class AncestorPath {
    static final String KEY = "polycast-path";
    /** At most this many ancestors travel (deeper trees are taken for loops anyway). */
    static final int MAX = 64;

    private AncestorPath() {
    }

    static AlmOption option(List<String> ancestors) {
        List<String> sent = ancestors.size() > MAX ? ancestors.subList(0, MAX) : ancestors;
        StringBuilder hex = new StringBuilder();
        sent.forEach(hex::append);
        return new AlmOption(KEY.getBytes(StandardCharsets.UTF_8), true, HexFormat.of().parseHex(hex));
    }

    /**
     * The ancestors an answer names, or null if it names none (another implementation) or the value is not whole
     * Node-IDs of {@code idBytes} octets.
     */
    static List<String> read(AlmMessage answer, int idBytes) {
        List<AlmOption> options = answer instanceof AlmMessage.OptionsResponse r ? r.options()
                : answer instanceof AlmMessage.JoinAccept a ? a.options() : List.of();
        for (AlmOption o : options) {
            if (KEY.equals(new String(o.key(), StandardCharsets.UTF_8))) {
                byte[] v = o.value();
                if (v.length % idBytes != 0 || v.length / idBytes > MAX) {
                    return null;
                }
                List<String> ids = new ArrayList<>(v.length / idBytes);
                for (int i = 0; i < v.length; i += idBytes) {
                    ids.add(HexFormat.of().formatHex(v, i, i + idBytes));
                }
                return ids;
            }
        }
        return null;
    }

    /** A child's ancestors: its parent, then the parent's own (as many as travel). */
    static List<String> below(String parent, List<String> parentAncestors) {
        List<String> path = new ArrayList<>(Math.min(MAX, parentAncestors.size() + 1));
        path.add(parent);
        for (String a : parentAncestors) {
            if (path.size() == MAX) {
                break;
            }
            path.add(a);
        }
        return List.copyOf(path);
    }
}
