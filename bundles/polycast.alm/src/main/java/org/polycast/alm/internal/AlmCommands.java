package org.polycast.alm.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.polycast.alm.internal.tree.ScribeTrees;
import org.polycast.alm.internal.tree.TreeCrawler;

/**
 * The {@code ham:alm} Gogo command: the SCRIBE-SAM trees this peer is on (member, forwarder or root,
 * parent, children) and the ALM counters. Registered with the command properties only.
 */
@Component(service = AlmCommands.class, property = {"osgi.command.scope=ham", "osgi.command.function=alm", "osgi.command.function=tree"})
public class AlmCommands {
    private volatile AlmInterface alm;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setAlm(AlmInterface a) {
        alm = a;
    }

    void unsetAlm(AlmInterface a) {
        if (alm == a) {
            alm = null;
        }
    }

    private AlmInterface running() {
        AlmInterface a = alm;
        if (a == null) {
            throw new IllegalStateException("no ALM Interface: it runs while an overlay peer runs (ham:overlay start)");
        }
        return a;
    }

    /**
     * ham:tree URI: the whole tree of a group as NodeQuery finds it from the root, as indented text and as
     * Graphviz DOT (paste it into {@code dot -Tsvg}).
     */
    public void tree(String uri) throws Exception {
        if ("--help".equals(uri) || "-h".equals(uri)) {
            System.out.println(TREE_HELP);
            return;
        }
        AlmInterface a = running();
        String group = a.map(org.polycast.api.HamUri.parse(uri)).orElseThrow(() -> new IllegalArgumentException(uri + " has no ALM group")).group();
        TreeCrawler.Crawl c = a.trees().crawl(group, 1000).get(60, TimeUnit.SECONDS);
        StringBuilder out = new StringBuilder("tree of " + uri + " (ham:reload:" + group + ")\n");
        if (c.children().isEmpty()) {
            System.out.println(out.append("  no tree: nobody has joined, or the root did not answer"));
            return;
        }
        String root = c.children().keySet().iterator().next();
        int[] stats = new int[2];
        text(out, c, root, 1, stats, new java.util.HashSet<>());
        out.append("peers ").append(stats[0]).append(", depth ").append(stats[1]);
        if (!c.unreachable().isEmpty()) {
            out.append(", did not answer: ").append(c.unreachable());
        }
        out.append('\n').append(stored(a, group));
        out.append("\ndigraph alm {\n");
        c.children().forEach((parent, kids) -> kids.forEach(k -> out.append("  \"").append(parent, 0, Math.min(8, parent.length())).append("\" -> \"")
                .append(k, 0, 8).append("\";\n")));
        System.out.println(out.append("}"));
    }

    /** The root's ALMTree record and diagnostics as stored in the overlay (refreshed every recordIntervalSeconds). */
    private static String stored(AlmInterface a, String group) {
        org.polycast.alm.internal.tree.TreeRecords.Stored s;
        try {
            s = a.trees().records().fetch(group).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            return "stored records: not fetched (" + (e.getCause() == null ? e : e.getCause()).getMessage() + ")";
        }
        StringBuilder out = new StringBuilder();
        if (s.tree() == null) {
            out.append("ALMTree record: none stored yet (the root stores one every recordIntervalSeconds)");
        } else {
            out.append("ALMTree record (kind alm-tree): owner ").append(s.tree().owner()).append(", session key '")
                    .append(new String(s.tree().sessionKey(), java.nio.charset.StandardCharsets.UTF_8)).append("', ").append(s.tree().attributes());
        }
        out.append('\n');
        if (s.diagnostics() == null) {
            out.append("diagnostics: none stored yet");
        } else {
            var d = s.diagnostics();
            out.append("diagnostics (kind alm-diagnostics, ").append((System.currentTimeMillis() - d.updatedMillis()) / 1000).append(" s old): ").append(d.peers())
                    .append(" peers, height ").append(d.height()).append(", max delay to root ").append(d.maxDelayToRootMillis()).append(" ms, mean heartbeat loss ")
                    .append(d.meanLossPermille()).append(" per mille, ").append(d.messagesPerSecond()).append(" msg/s, ").append(d.bytesPerSecond()).append(" B/s, ").append(d.messages())
                    .append(" messages since it took the tree");
        }
        return out.toString();
    }

    private static void text(StringBuilder out, TreeCrawler.Crawl c, String node, int depth, int[] stats, java.util.Set<String> seen) {
        if (!seen.add(node)) {
            return;
        }
        stats[0]++;
        stats[1] = Math.max(stats[1], depth - 1);
        out.append("  ".repeat(depth)).append(node).append('\n');
        for (String child : c.children().getOrDefault(node, List.of())) {
            text(out, c, child, depth + 1, stats, seen);
        }
    }

    private static final String TREE_HELP = "ham:tree URI - the whole ALM tree of a group name as the root's NodeQuery crawl finds it: every peer\n"
            + "indented under its parent, depth, peers that did not answer, the root's stored records, and the tree as Graphviz DOT.\n"
            + "Example: ham:tree ham:opaque:news";
    private static final String ALM_HELP = "ham:alm - the SCRIBE-SAM (RFC 7019) trees this peer is on: group, role (root, member, forwarder),\n"
            + "parent and number of children, the hybrid (AMT/native region) state, and the ALM counters.\n"
            + "Configure with conf/org.polycast.alm.cfg; ham:tree URI shows one whole tree.\n"
            + "Example: ham:overlay start 198.18.0.1:6084; ham:join ham:opaque:news; ham:alm";

    /** ham:tree without a name: the usage, not Gogo's coercion error. */
    public void tree() {
        throw new IllegalArgumentException("usage: ham:tree URI (for example ham:tree ham:opaque:news); ham:tree --help");
    }

    /** ham:alm --help */
    public void alm(String option) {
        if (!"--help".equals(option) && !"-h".equals(option)) {
            throw new IllegalArgumentException("ham:alm takes no arguments, was '" + option + "'\n" + ALM_HELP);
        }
        System.out.println(ALM_HELP);
    }

    /** ham:alm: the trees of this peer. */
    public void alm() throws Exception {
        AlmInterface a = running();
        List<ScribeTrees.TreeView> views = a.trees().trees().get(5, TimeUnit.SECONDS);
        StringBuilder out = new StringBuilder("ALM (RFC 7019, SCRIBE-SAM) on peer " + a.trees().self() + ": " + views.size() + " trees\n");
        for (ScribeTrees.TreeView v : views) {
            String role = v.root() ? "root" : v.member() ? "member" : "forwarder";
            out.append("  ham:reload:").append(v.group()).append("  ").append(role).append(v.member() && v.root() ? "+member" : "")
                    .append("  parent ").append(v.parent() == null ? "-" : v.parent()).append("  children ").append(v.children().size()).append('\n');
        }
        a.hybridStatus().forEach(l -> out.append("  ").append(l).append('\n'));
        StringBuilder counters = new StringBuilder("  counters:");
        for (Map.Entry<String, Long> e : a.trees().counters().entrySet()) {
            counters.append(' ').append(e.getKey()).append('=').append(e.getValue());
        }
        System.out.println(out.append(counters));
    }
}
