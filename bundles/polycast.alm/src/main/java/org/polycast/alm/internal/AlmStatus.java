package org.polycast.alm.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.log.LoggerFactory;
import org.polycast.alm.internal.tree.ScribeTrees;
import org.polycast.alm.internal.tree.TreeCrawler;
import org.polycast.api.runtime.StatusProvider;
import org.polycast.common.internal.BundleLog;
import org.polycast.common.internal.GuardedTask;

/**
 * The ALM trees this peer is on, for operators' displays: its place in each (parent, children, hops, heartbeat
 * round trip, delay to the root, loss), and each whole tree as a graph from a NodeQuery crawl every few seconds,
 * every node labelled with the delay to the root and the heartbeat loss it reported.
 */
@Component(property = StatusProvider.SECTION + "=ALM trees")
public class AlmStatus implements StatusProvider {
    private static final int CRAWL_LIMIT = 200;

    private volatile AlmInterface alm;
    private final Map<String, TreeCrawler.Crawl> crawls = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setAlm(AlmInterface a) {
        alm = a;
    }

    void unsetAlm(AlmInterface a) {
        if (alm == a) {
            alm = null;
            crawls.clear();
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile LoggerFactory loggers;
    private final BundleLog log = new BundleLog(AlmStatus.class, () -> loggers);

    @Activate
    void activate() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "polycast-alm-status");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(new GuardedTask("the ALM status crawl", this::crawlAll, log::warn), 1, 5, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    private void crawlAll() {
        AlmInterface a = alm;
        if (a == null) {
            return;
        }
        try {
            List<ScribeTrees.TreeView> views = a.trees().trees().get(2, TimeUnit.SECONDS);
            crawls.keySet().retainAll(views.stream().map(ScribeTrees.TreeView::group).toList());
            for (ScribeTrees.TreeView v : views) {
                crawls.put(v.group(), a.trees().crawl(v.group(), CRAWL_LIMIT).get(10, TimeUnit.SECONDS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // The overlay is busy or a peer did not answer: the last crawl stays until the next round.
        }
    }

    @Override
    public Map<String, Object> status() {
        AlmInterface a = alm;
        Map<String, Object> out = new LinkedHashMap<>();
        if (a == null) {
            out.put("state", "no ALM Interface: it runs while an overlay peer runs");
            return out;
        }
        List<ScribeTrees.TreeView> views;
        try {
            views = a.trees().trees().get(1, TimeUnit.SECONDS);
        } catch (Exception e) {
            out.put("state", "the ALM protocol thread did not answer in time");
            return out;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ScribeTrees.TreeView v : views) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("group", "ham:reload:" + v.group());
            row.put("role", v.root() ? "root" : v.member() ? "member" : "forwarder");
            row.put("parent", v.parent() == null ? "-" : v.parent());
            row.put("children", v.children().size());
            row.put("hops to root", v.depth());
            row.put("heartbeat rtt ms", v.rttMillis());
            row.put("delay to root ms", v.delayToRootMillis());
            row.put("heartbeat loss %", v.heartbeatsSent() == 0 ? 0 : 100.0 * (v.heartbeatsSent() - v.heartbeatsAnswered()) / v.heartbeatsSent());
            rows.add(row);
        }
        out.put("self", a.trees().self());
        out.put("trees", rows);
        out.put("counters", a.trees().counters());
        for (ScribeTrees.TreeView v : views) {
            TreeCrawler.Crawl c = crawls.get(v.group());
            if (c != null && !c.children().isEmpty()) {
                out.put("tree ham:reload:" + v.group(), Map.of(GRAPH, graph(c, a.trees().self()), "did not answer", c.unreachable()));
            }
        }
        return out;
    }

    /** Nodes labelled with their short id, delay to the root and loss; edges parent to child. */
    static Map<String, Object> graph(TreeCrawler.Crawl c, String self) {
        List<Map<String, Object>> nodes = new ArrayList<>();
        List<Map<String, Object>> edges = new ArrayList<>();
        List<String> ids = new ArrayList<>(c.children().keySet());
        c.children().values().forEach(children -> children.stream().filter(x -> !ids.contains(x)).forEach(ids::add));
        for (String id : ids) {
            TreeCrawler.NodeMetrics m = c.metrics().get(id);
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("id", id);
            node.put("label", id.substring(0, Math.min(8, id.length())) + (id.equals(c.root()) ? " root" : "") + (id.equals(self) ? " (this peer)" : ""));
            node.put("delay ms", m == null || m.delayToRootMillis() < 0 ? "?" : m.delayToRootMillis());
            node.put("loss %", m == null || m.lossPermille() < 0 ? "?" : m.lossPermille() / 10.0);
            nodes.add(node);
        }
        c.children().forEach((parent, children) -> children.forEach(child -> edges.add(Map.of("from", parent, "to", child))));
        return Map.of("nodes", nodes, "edges", edges);
    }
}
