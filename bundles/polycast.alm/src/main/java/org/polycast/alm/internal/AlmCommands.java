package org.polycast.alm.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.polycast.alm.internal.tree.ScribeTrees;

/**
 * The {@code ham:alm} Gogo command: the SCRIBE-SAM trees this peer is on (member, forwarder or root,
 * parent, children) and the ALM counters. Registered with the command properties only.
 */
@Component(service = AlmCommands.class, property = {"osgi.command.scope=ham", "osgi.command.function=alm"})
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

    /** ham:alm: the trees of this peer. */
    public void alm() throws Exception {
        AlmInterface a = alm;
        if (a == null) {
            throw new IllegalStateException("no ALM Interface: it runs while an overlay peer runs (ham:overlay start)");
        }
        List<ScribeTrees.TreeView> views = a.trees().trees().get(5, TimeUnit.SECONDS);
        StringBuilder out = new StringBuilder("ALM (RFC 7019, SCRIBE-SAM) on peer " + a.trees().self() + ": " + views.size() + " trees\n");
        for (ScribeTrees.TreeView v : views) {
            String role = v.root() ? "root" : v.member() ? "member" : "forwarder";
            out.append("  ham:reload:").append(v.group()).append("  ").append(role).append(v.member() && v.root() ? "+member" : "")
                    .append("  parent ").append(v.parent() == null ? "-" : v.parent()).append("  children ").append(v.children().size()).append('\n');
        }
        StringBuilder counters = new StringBuilder("  counters:");
        for (Map.Entry<String, Long> e : a.trees().counters().entrySet()) {
            counters.append(' ').append(e.getKey()).append('=').append(e.getValue());
        }
        System.out.println(out.append(counters));
    }
}
