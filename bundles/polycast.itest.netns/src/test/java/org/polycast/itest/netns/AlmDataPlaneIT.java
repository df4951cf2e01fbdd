package org.polycast.itest.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The ALM data plane with real processes: six runtimes of the overlay image in six namespaces on one bridge (RELOAD over
 * TLS, tree edges as AppAttach TLS links, source authentication on), at most two children per peer, so that the tree below
 * the source has depth two. First 20,000 messages of 1 KiB at 2,000 a second: every member receives every one, in
 * order, once. Then a second stream, and a forwarder is killed (SIGKILL) five seconds into it: the members below it
 * re-join, and every member receives everything sent after the tree re-formed, in order and without duplicates; whatever
 * it did not get is counted by its tree ({@code messages-lost}, {@code messages-unverified}, {@code messages-late}).
 */
class AlmDataPlaneIT extends NamespaceTestSupport {
    private static final int HOSTS = 6;
    private static final int COUNT = 20_000;
    private static final Duration STEP = Duration.ofSeconds(120);

    private HostProcess start(int host) throws Exception {
        String reload = "overlay=alm-data-it.polycast\nupdateIntervalSeconds=5\nlistenAddress=" + bed.ipv4(host) + "\nport=6084\n"
                + (host == 1 ? "" : "bootstrap=" + bed.ipv4(1) + ":6084\n");
        HostProcess h = runtime("h" + host, host, Map.of("org.polycast.reload.cfg", reload, "org.polycast.alm.cfg", "maxChildren=2\n"), "overlay");
        h.ask("ham:overlay await " + (host == 1 ? 0 : 1) + " 90000", "overlay ready", STEP);
        return h;
    }

    /** The values of a probe-result line. */
    private static Map<String, String> result(String line) {
        Map<String, String> out = new HashMap<>();
        for (String kv : line.substring(line.indexOf("probe-result") + "probe-result".length()).trim().split(" ")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                out.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return out;
    }

    private static long number(Map<String, String> r, String key) {
        return Math.round(Double.parseDouble(r.get(key)));
    }

    /** Starts ham:probe receive on every member and waits until each listens. */
    private static Map<String, Integer> receive(Map<String, HostProcess> members, String group, int count, long idleMillis) throws Exception {
        Map<String, Integer> marks = new LinkedHashMap<>();
        for (Map.Entry<String, HostProcess> m : members.entrySet()) {
            marks.put(m.getKey(), m.getValue().lines().size());
            m.getValue().ask("ham:probe receive " + group + " --count " + count + " --timeout " + idleMillis, "probe-ready", STEP);
        }
        return marks;
    }

    private static Map<String, String> awaitResult(HostProcess p, int from) throws Exception {
        return result(p.awaitLine(from, l -> l.contains("probe-result role=receive"), Duration.ofSeconds(180), "the probe's result"));
    }

    @Test
    void aStreamReachesEveryMemberInOrderOnceAndAgainAfterAForwarderDies() throws Exception {
        bed = NetnsTestBed.create(HOSTS, 41);
        HostProcess source = start(1);
        Map<String, HostProcess> members = new LinkedHashMap<>();
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("h1", nodeId(source));
        for (int h = 2; h <= HOSTS; h++) {
            HostProcess p = start(h);
            members.put("h" + h, p);
            ids.put("h" + h, nodeId(p));
        }
        // The source is the root: its data goes down the tree, two levels below it.
        String group = groupRootedAt(ids.get("h1"), ids.values(), i -> "ham:opaque:data-plane-" + i);
        for (HostProcess m : members.values()) {
            m.ask("ham:join " + group, "joined", STEP);
        }
        List<String> tree = awaitTree(source, group, ids.values().stream().filter(id -> !id.equals(ids.get("h1"))).toList());
        int depth = tree.stream().mapToInt(l -> (l.length() - l.stripLeading().length()) / 2).max().orElse(0) - 1; // the root is indented once
        System.out.println("alm-data-plane: tree " + tree);
        assertTrue(depth >= 2, "the tree has depth two or more below the source: " + tree);

        // 1. A paced stream of 20,000 messages of 1 KiB.
        Map<String, Integer> marks = receive(members, group, COUNT, 20_000);
        source.ask("ham:probe send " + group + " --count " + COUNT + " --size 1024 --rate 2000", "probe-result role=send", STEP);
        for (Map.Entry<String, HostProcess> m : members.entrySet()) {
            Map<String, String> r = awaitResult(m.getValue(), marks.get(m.getKey()));
            System.out.println("alm-data-plane: paced stream at " + m.getKey() + ": " + r);
            assertEquals(COUNT, number(r, "received"), m.getKey() + " received every message");
            assertEquals(0, number(r, "duplicates"), m.getKey() + ": no duplicates");
            assertEquals(0, number(r, "reordered"), m.getKey() + ": in order");
        }

        // 2. The same again at 1,000 a second, and a forwarder dies five seconds into it.
        String forwarder = null;
        for (Map.Entry<String, String> e : ids.entrySet()) {
            if (!e.getKey().equals("h1") && role(tree, e.getValue()).equals("forwarder")) {
                forwarder = e.getKey();
                break;
            }
        }
        assertTrue(forwarder != null, "a member forwards for others: " + tree);
        marks = receive(members, group, COUNT, 15_000);
        source.send("ham:probe send " + group + " --count " + COUNT + " --size 1024 --rate 1000");
        Thread.sleep(5_000);
        members.remove(forwarder).close();
        long killedAt = System.nanoTime();
        int sentAfterReform = COUNT * 3 / 4; // fifteen seconds after the kill: the tree re-forms within RFC 7019's timers
        Map<String, Map<String, String>> results = new java.util.TreeMap<>();
        for (Map.Entry<String, HostProcess> m : members.entrySet()) {
            results.put(m.getKey(), awaitResult(m.getValue(), marks.get(m.getKey())));
        }
        // Every member's figures and counters first (what the next engineer needs when one fails), then the checks.
        Map<String, String> counters = new java.util.TreeMap<>();
        for (Map.Entry<String, HostProcess> m : members.entrySet()) {
            counters.put(m.getKey(), almCounters(m.getValue()));
            System.out.println("alm-data-plane: forwarder " + forwarder + " killed; at " + m.getKey() + ": " + results.get(m.getKey()) + "; ALM "
                    + counters.get(m.getKey()));
        }
        System.out.println("alm-data-plane: source: ALM " + almCounters(source));
        for (Map.Entry<String, HostProcess> m : members.entrySet()) {
            Map<String, String> r = results.get(m.getKey());
            assertEquals(0, number(r, "duplicates"), m.getKey() + ": no duplicates across the re-form");
            assertEquals(0, number(r, "reordered"), m.getKey() + ": no reordering across the re-form");
            assertTrue(number(r, "missing_last") < sentAfterReform, m.getKey() + " received everything sent after the re-form: " + r);
            long counted = counter(counters.get(m.getKey()), "messages-lost") + counter(counters.get(m.getKey()), "messages-unverified")
                    + counter(counters.get(m.getKey()), "messages-late");
            assertTrue(number(r, "lost") <= counted, m.getKey() + ": every message it did not get is counted by its tree (" + counted + "): " + r + "; "
                    + counters.get(m.getKey()));
        }
        System.out.println("alm-data-plane: checked " + (System.nanoTime() - killedAt) / 1_000_000 + " ms after the kill");
    }

    private List<String> awaitTree(HostProcess from, String group, List<String> members) throws Exception {
        long deadline = System.nanoTime() + STEP.toNanos();
        List<String> tree = List.of();
        while (!tree.stream().map(String::trim).toList().containsAll(members)) {
            assertTrue(System.nanoTime() < deadline, "the tree never held every member " + members + ": " + tree);
            Thread.sleep(500);
            tree = crawl(from, group);
        }
        return tree;
    }

    /** The crawl's tree lines (one Node-ID per line, indented by depth). */
    private static List<String> crawl(HostProcess from, String group) throws Exception {
        int before = from.lines().size();
        from.ask("ham:tree '" + group + "'; echo tree-done", "tree-done", STEP);
        List<String> out = from.lines();
        return new ArrayList<>(out.subList(before, out.size()).stream().map(l -> l.startsWith("g! ") ? l.substring(3) : l)
                .filter(l -> l.trim().matches("[0-9a-f]{32}")).toList());
    }

    private static String role(List<String> tree, String id) {
        for (int i = 0; i < tree.size(); i++) {
            if (tree.get(i).trim().equals(id)) {
                int indent = tree.get(i).length() - tree.get(i).stripLeading().length();
                boolean parent = i + 1 < tree.size() && tree.get(i + 1).length() - tree.get(i + 1).stripLeading().length() > indent;
                return i == 0 ? "root" : parent ? "forwarder" : "leaf";
            }
        }
        return "not in the crawl";
    }

    /** A counter's value in a {@code counters: a=1 b=2} line; 0 when absent. */
    private static long counter(String line, String name) {
        for (String kv : line.split(" ")) {
            if (kv.startsWith(name + "=")) {
                return Long.parseLong(kv.substring(name.length() + 1));
            }
        }
        return 0;
    }

    private static String almCounters(HostProcess p) throws Exception {
        int before = p.lines().size();
        p.ask("ham:alm; echo alm-done", "alm-done", STEP);
        return p.lines().subList(before, p.lines().size()).stream().map(String::trim).filter(l -> l.startsWith("counters:")).findFirst().orElse("none");
    }
}
