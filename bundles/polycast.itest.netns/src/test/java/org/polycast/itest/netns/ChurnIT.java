package org.polycast.itest.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/**
 * Churn with real processes: six overlay peers in three namespaces (RELOAD over TLS, ALM with RFC 7019's default timers)
 * carry a group while a source streams to it, and tree peers are killed (SIGKILL, no Leave) and restarted with the same
 * identity, one after another: the group's name is chosen so that the first of them is the tree's root (the peer
 * responsible for the group id), so every other cycle the root dies, the tree re-forms under the next peer on the ring and
 * moves back when the root returns. Three members stay up; each must get at least 98 % of the stream, without duplicates,
 * and get it again after every restart. Prints the delivery ratio and the outages (runs of missing messages) of each. Two
 * kill/restart cycles in the build; {@code -Dpolycast.itest.churn.cycles=N} for a longer run.
 */
class ChurnIT extends NamespaceTestSupport {
    private static final int INTERVAL_MS = 50;
    /** A peer stays dead this long before it is restarted. */
    private static final int DEAD_MS = 5_000;
    /** One cycle: kill, restart, then steady state until the next kill. */
    private static final int CYCLE_MS = 15_000;
    private static final int CYCLES = Integer.getInteger("polycast.itest.churn.cycles", 2);

    private record Peer(String name, int host, int port) {
    }

    private static final List<Peer> STABLE = List.of(new Peer("r1", 1, 6084), new Peer("r2", 2, 6084), new Peer("r3", 3, 6084));
    private static final List<Peer> CHURNING = List.of(new Peer("c2", 2, 6085), new Peer("c3", 3, 6085));
    private static final Peer SOURCE = new Peer("src", 1, 6085);

    private HostProcess start(Peer p) throws Exception {
        String cfg = "overlay=churn-it.polycast\nupdateIntervalSeconds=5\nlistenAddress=" + bed.ipv4(p.host()) + "\nport=" + p.port() + "\n"
                + (p == STABLE.get(0) ? "" : "bootstrap=" + bed.ipv4(1) + ":6084\n");
        HostProcess h = runtime(p.name(), p.host(), Map.of("org.polycast.reload.cfg", cfg), "overlay");
        h.ask("ham:overlay await " + (p == STABLE.get(0) ? 0 : 1) + " 90000", "overlay ready", CONSOLE_STEP);
        return h;
    }

    @Test
    void membersKeepTheStreamWhileTreePeersAreKilledAndRestarted() throws Exception {
        bed = NetnsTestBed.create(3, 39);
        Map<String, HostProcess> running = new TreeMap<>();
        for (Peer p : STABLE) {
            running.put(p.name(), start(p));
        }
        for (Peer p : CHURNING) {
            running.put(p.name(), start(p));
        }
        HostProcess source = start(SOURCE);
        Map<String, String> ids = new TreeMap<>();
        for (Map.Entry<String, HostProcess> e : running.entrySet()) {
            ids.put(e.getKey(), nodeId(e.getValue()));
        }
        ids.put(SOURCE.name(), nodeId(source));
        String group = groupRootedAt(ids.get(CHURNING.get(0).name()), ids.values(), i -> "ham:opaque:churn-" + i);
        for (Peer p : concat(STABLE, CHURNING)) {
            running.get(p.name()).ask("ham:join " + group, "joined", CONSOLE_STEP);
        }
        List<String> members = concat(STABLE, CHURNING).stream().map(p -> ids.get(p.name())).toList();
        awaitTreeHolds(source, group, members);

        int count = (CYCLES * CYCLE_MS + 2 * DEAD_MS) / INTERVAL_MS;
        long listenMs = (long) count * INTERVAL_MS + 60_000;
        for (Peer p : STABLE) {
            running.get(p.name()).send("ham:listen " + group + " " + count + " " + listenMs + "; echo listen-done");
        }
        source.send("ham:send " + group + " churn --count " + count + " --interval " + INTERVAL_MS);
        // The first kill once the stream flows at every member (about as long as a peer then stays dead).
        for (Peer p : STABLE) {
            awaitCount(running.get(p.name()), group, "churn", DEAD_MS / INTERVAL_MS);
        }
        List<String> kills = new ArrayList<>();
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            Peer victim = CHURNING.get(cycle % CHURNING.size());
            Peer other = CHURNING.get((cycle + 1) % CHURNING.size());
            String role = role(running.get(other.name()), group, ids.get(victim.name()));
            long killedAt = System.nanoTime();
            running.remove(victim.name()).close();
            Thread.sleep(DEAD_MS);
            HostProcess back = start(victim);
            back.ask("ham:join " + group, "joined", CONSOLE_STEP);
            running.put(victim.name(), back);
            kills.add(victim.name() + " (" + role + ") dead " + DEAD_MS + " ms, back in the tree after " + (System.nanoTime() - killedAt) / 1_000_000 + " ms");
            Thread.sleep(Math.max(0, CYCLE_MS - (System.nanoTime() - killedAt) / 1_000_000));
        }
        source.awaitLine(l -> l.contains("sent " + count), CONSOLE_STEP, "the source's last message");

        System.out.println("churn: " + CYCLES + " cycles, " + count + " messages every " + INTERVAL_MS + " ms; kills: " + kills + "; source ALM "
                + almCounters(source));
        List<String> problems = new ArrayList<>();
        for (Peer p : STABLE) {
            HostProcess r = running.get(p.name());
            r.awaitLine(l -> l.contains("listen-done") || l.contains("ham:listen: received"), CONSOLE_STEP, "the end of the stream");
            Map<String, Integer> got = received(r, group, "churn");
            List<String> outages = outages(got, count);
            long copies = got.values().stream().mapToInt(Integer::intValue).sum();
            // The tree's own view: re-joins and how long each took (from the parent last heard to the new parent), replays.
            String alm = almCounters(r);
            System.out.printf("churn: %s got %d of %d (%.1f %%), %d duplicates, outages (messages missed in a row, ~ms): %s; ALM %s%n", p.name(),
                    got.size(), count, 100.0 * got.size() / count, copies - got.size(), outages, alm);
            if (copies != got.size()) {
                problems.add(p.name() + " got duplicates");
            }
            // Every run since the hand-over fixes delivered 100 %; the bound leaves room for a rare short outage only.
            if (got.size() < count * 0.98) {
                problems.add(p.name() + " lost more than 2 % of the stream");
            }
            // Delivery came back after the last restart: the stream's tail arrived.
            for (int k = count - 20; k <= count; k++) {
                if (!got.containsKey("churn #" + k)) {
                    problems.add(p.name() + " lacks #" + k + " (the end of the stream)");
                    break;
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    /** The ALM counters line of {@code ham:alm}. */
    private static String almCounters(HostProcess p) throws Exception {
        int before = p.lines().size();
        p.ask("ham:alm; echo alm-done", "alm-done", CONSOLE_STEP);
        return p.lines().subList(before, p.lines().size()).stream().map(String::trim).filter(l -> l.startsWith("counters:")).findFirst()
                .orElse("counters: none");
    }

    private static List<Peer> concat(List<Peer> a, List<Peer> b) {
        List<Peer> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Runs of missing message numbers as "first..last (~ms)". */
    private static List<String> outages(Map<String, Integer> got, int count) {
        List<String> runs = new ArrayList<>();
        int start = -1;
        for (int k = 1; k <= count + 1; k++) {
            boolean missing = k <= count && !got.containsKey("churn #" + k);
            if (missing && start < 0) {
                start = k;
            } else if (!missing && start > 0) {
                runs.add(start + ".." + (k - 1) + " (~" + (k - start) * INTERVAL_MS + " ms)");
                start = -1;
            }
        }
        return runs;
    }

    /** Where a peer sits in the tree as a crawl from {@code from} sees it: root, forwarder or leaf. */
    private static String role(HostProcess from, String group, String id) throws Exception {
        List<String> tree = crawl(from, group);
        for (int i = 0; i < tree.size(); i++) {
            if (tree.get(i).trim().equals(id)) {
                boolean parentOfNext = i + 1 < tree.size() && indent(tree.get(i + 1)) > indent(tree.get(i));
                return i == 0 ? "root" : parentOfNext ? "forwarder" : "leaf";
            }
        }
        return "not in the crawl";
    }

    private static int indent(String line) {
        return line.length() - line.stripLeading().length();
    }

    /** The crawl's tree lines (one Node-ID per line, indented by depth). */
    private static List<String> crawl(HostProcess from, String group) throws Exception {
        int before = from.lines().size();
        from.ask("ham:tree '" + group + "'; echo tree-done", "tree-done", CONSOLE_STEP);
        List<String> out = from.lines();
        return out.subList(before, out.size()).stream().map(l -> l.startsWith("g! ") ? l.substring(3) : l)
                .filter(l -> l.trim().matches("[0-9a-f]{32}")).toList();
    }

    private static void awaitTreeHolds(HostProcess from, String group, List<String> members) throws Exception {
        long deadline = System.nanoTime() + CONSOLE_STEP.toNanos();
        List<String> tree = List.of();
        while (!tree.stream().map(String::trim).toList().containsAll(members)) {
            assertTrue(System.nanoTime() < deadline, () -> "the tree never held every member " + members);
            Thread.sleep(500);
            tree = crawl(from, group);
        }
    }
}
