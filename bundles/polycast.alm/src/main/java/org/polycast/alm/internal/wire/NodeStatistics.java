package org.polycast.alm.internal.wire;

import java.util.List;

/**
 * NodeQueryResponse's NodeStatistics (RFC 7019 §7.2.12). {@code algorithms_supported} is 32 octets of
 * uint8 algorithm ids although the header carries uint16 ids (defect 6 in the project notes): ids
 * above 255 cannot be listed there.
 */
public record NodeStatistics(long lifetimeSeconds, long totalTrees, List<Integer> algorithms, TreeData maxTree, List<TreeData> trees,
        long joinConfirmTimeout, long heartbeatInterval, long heartbeatResponseTimeout, byte[] info) {
    /** One tree this peer is on. */
    public record TreeData(long treeId, int algorithm, String root, List<String> parents, List<String> children, long pathLengthToRoot,
            long pathDelayToRoot, long pathDelayToChild) {
        public static final String NONE = "00000000000000000000000000000000";

        void write(AlmWriter w) {
            w.u32(treeId).u8(algorithm);
            w.bytes(java.util.HexFormat.of().parseHex(root == null ? NONE : root));
            w.u8(parents.size()).vector(1, parents, (x, p) -> x.bytes(java.util.HexFormat.of().parseHex(p)));
            w.u16(children.size()).vector(2, children, (x, c) -> x.bytes(java.util.HexFormat.of().parseHex(c)));
            w.u32(pathLengthToRoot).u32(pathDelayToRoot).u32(pathDelayToChild);
        }

        static TreeData read(AlmReader r) throws AlmFormatException {
            long id = r.u32("tree_id");
            int algorithm = r.u8("algorithm");
            String root = AlmMessage.readId(r, "tree_root");
            int parentCount = r.u8("number_parents");
            List<String> parents = r.vector(1, "parents", x -> AlmMessage.readId(x, "parent"));
            int childCount = r.u16("number_child_nodes");
            List<String> children = r.vector(2, "children", x -> AlmMessage.readId(x, "child"));
            if (parentCount != parents.size() || childCount != children.size()) {
                throw new AlmFormatException("tree data counts " + parentCount + "/" + childCount + " disagree with the lists");
            }
            return new TreeData(id, algorithm, root, parents, children, r.u32("path_length_to_root"), r.u32("path_delay_to_root"),
                    r.u32("path_delay_to_child"));
        }
    }

    void write(AlmWriter w) {
        w.u32(lifetimeSeconds).u32(totalTrees).u16(algorithms.size());
        byte[] supported = new byte[32];
        for (int i = 0; i < Math.min(32, algorithms.size()); i++) {
            supported[i] = (byte) (int) algorithms.get(i);
        }
        w.bytes(supported);
        maxTree.write(w);
        w.u16(trees.size()).vector(1, trees, (x, t) -> t.write(x));
        w.u32(joinConfirmTimeout).u32(heartbeatInterval).u32(heartbeatResponseTimeout).u16(info.length).opaque(2, info);
    }

    static NodeStatistics read(AlmReader r) throws AlmFormatException {
        long lifetime = r.u32("node_lifetime");
        long total = r.u32("total_number_trees");
        int count = r.u16("number_algorithms_supported");
        byte[] supported = r.bytes(32, "algorithms_supported");
        if (count > 32) {
            throw new AlmFormatException("number_algorithms_supported " + count + " exceeds 32");
        }
        List<Integer> algorithms = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            algorithms.add(supported[i] & 0xff);
        }
        TreeData max = TreeData.read(r);
        int active = r.u16("number_active_trees");
        List<TreeData> trees = r.vector(1, "tree_data", TreeData::read);
        if (active != trees.size()) {
            throw new AlmFormatException("number_active_trees " + active + " but " + trees.size() + " trees");
        }
        long confirm = r.u32("join_confirm_timeout");
        long heartbeat = r.u32("heartbeat_interval");
        long response = r.u32("heartbeat_response_timeout");
        int infoLength = r.u16("info_length");
        byte[] info = r.opaque(2, "info");
        if (infoLength != info.length) {
            throw new AlmFormatException("info_length " + infoLength + " but " + info.length + " octets of info");
        }
        return new NodeStatistics(lifetime, total, algorithms, max, trees, confirm, heartbeat, response, info);
    }
}
