package org.polycast.reload.internal.peer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.polycast.reload.internal.chord.ChordTopology;
import org.polycast.reload.internal.config.AccessPolicy;
import org.polycast.reload.internal.config.KindDefinition;
import org.polycast.reload.internal.message.Ping;
import org.polycast.reload.internal.node.ChordProtocol;
import org.polycast.reload.internal.node.NodeOverlayService;
import org.polycast.reload.internal.node.OverlayNode;
import org.polycast.reload.internal.node.StorageProtocol;
import org.polycast.reload.internal.security.NodeCredentials;
import org.polycast.reload.internal.security.ReloadCertificates;
import org.polycast.reload.internal.wire.Destination;
import org.polycast.reload.internal.wire.MessageCode;
import org.polycast.reload.internal.wire.NodeId;

/**
 * The {@code ham:overlay} Gogo command: the peer's state, neighbours, fingers and counters; waiting
 * for the ring; store, fetch and ping for operators; and the local CA (create, enrol). Registered
 * with the command properties only, so the bundle does not depend on Gogo.
 */
@Component(service = OverlayCommands.class, property = {"osgi.command.scope=ham", "osgi.command.function=overlay"})
public class OverlayCommands {
    private volatile OverlayPeer peer;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile org.osgi.service.cm.ConfigurationAdmin configAdmin;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setPeer(OverlayPeer p) {
        peer = p;
    }

    void unsetPeer(OverlayPeer p) {
        if (peer == p) {
            peer = null;
        }
    }

    /** ham:overlay [status | neighbours | fingers | await N [MS] | store KIND VALUE [KEY] | fetch KIND NAME [MS] | ping NODE-ID | ca DIR OVERLAY | enrol CA_DIR NODE_DIR USER OVERLAY | --help] */
    public void overlay(String... args) throws Exception {
        String sub = args.length == 0 ? "status" : args[0];
        switch (sub) {
            case "start" -> start(args.length > 1 ? args[1] : null, args.length > 2 ? args[2] : "polycast.local");
            case "stop" -> stop();
            case "status" -> System.out.println(status(running()));
            case "neighbours", "neighbors" -> System.out.println(neighbours(running()));
            case "fingers" -> System.out.println(fingers(running()));
            case "await" -> await(running(), intArg(args, 1, "await needs the number of peers, e.g. ham:overlay await 5"), longArg(args, 2, 60_000));
            case "store" -> store(running(), arg(args, 1, "KIND"), arg(args, 2, "VALUE"), args.length > 3 ? args[3] : null);
            case "fetch" -> fetch(running(), arg(args, 1, "KIND"), arg(args, 2, "NAME (a user name, or a Node-ID for NODE-MATCH kinds)"), longArg(args, 3, 0));
            case "ping" -> ping(running(), arg(args, 1, "NODE-ID"));
            case "ca" -> {
                NodeCredentials ca = NodeCredentials.createAuthority(Path.of(arg(args, 1, "DIR")), arg(args, 2, "OVERLAY"));
                System.out.println("created a CA for " + args[2] + " in " + args[1] + " (ca.key, ca.crt): " + ca.certificate().getSubjectX500Principal());
            }
            case "enrol", "enroll" -> {
                NodeCredentials n = NodeCredentials.enrol(Path.of(arg(args, 1, "CA_DIR")), Path.of(arg(args, 2, "NODE_DIR")), arg(args, 3, "USER"),
                        arg(args, 4, "OVERLAY"));
                System.out.println("enrolled " + args[3] + " as Node-ID " + ReloadCertificates.identityOf(n.certificate()).nodeId() + " in " + args[2]
                        + "; configure certificateMode=ca and certificateDir=" + args[2]);
            }
            case "--help", "-h", "help" -> System.out.println(help());
            default -> throw new IllegalArgumentException("ham:overlay: unknown subcommand '" + sub + "'\n" + help());
        }
    }

    private static String help() {
        return String.join("\n", "ham:overlay - this runtime's RELOAD (RFC 6940) overlay peer",
                "  ham:overlay start [HOST:PORT [OVERLAY]]   start a new overlay, or join one through a bootstrap peer (port 6084)",
                "  ham:overlay stop                      leave the overlay and remove the configuration",
                "  ham:overlay [status]                  overlay, Node-ID, state, links, neighbours, stored data, counters",
                "  ham:overlay neighbours | fingers       the routing table",
                "  ham:overlay await N [MS]               wait until joined with min(N-1, 6) neighbours (default 60000 ms)",
                "  ham:overlay store KIND VALUE [KEY]     store under this peer's user (USER-MATCH) or Node-ID (NODE-MATCH);",
                "                                         for a claim kind, claim the name KEY (or VALUE) with VALUE as claim key",
                "  ham:overlay fetch KIND NAME [MS]       fetch a user's (Node-ID's, claimed name's) values; with MS, retry until one exists",
                "  ham:overlay ping NODE-ID               ping a peer through the overlay",
                "  ham:overlay ca DIR OVERLAY             create a local CA (ca.key, ca.crt)",
                "  ham:overlay enrol CA_DIR NODE_DIR USER OVERLAY   issue a node certificate with a random Node-ID",
                "Configure the peer with conf/org.polycast.reload.cfg (overlay, bootstrap, listenAddress, port, certificateMode, ...).",
                "Examples: ham:overlay start                               (the first host: a new overlay)",
                "          ham:overlay start 198.18.0.1:6084; ham:overlay await 2 30000   (another host joins through it)");
    }

    /** One command to a running peer: writes the configuration (ConfigAdmin) and waits until the peer has joined. */
    private void start(String bootstrap, String overlay) throws Exception {
        org.osgi.service.cm.ConfigurationAdmin ca = configAdmin;
        if (ca == null) {
            throw new IllegalStateException("no Configuration Admin service in this runtime; write conf/org.polycast.reload.cfg instead");
        }
        java.util.Hashtable<String, Object> props = new java.util.Hashtable<>();
        props.put("overlay", overlay);
        if (bootstrap != null) {
            java.net.InetSocketAddress a;
            try {
                a = OverlayPeer.hostPort(bootstrap);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ham:overlay start: bootstrap " + e.getMessage());
            }
            if (a.isUnresolved()) {
                // say it now rather than after the join's time-out
                throw new IllegalArgumentException("ham:overlay start: bootstrap host '" + a.getHostString() + "' cannot be resolved");
            }
            props.put("bootstrap", new String[] {bootstrap});
        }
        ca.getConfiguration("org.polycast.reload", "?").update(props);
        System.out.println(bootstrap == null ? "starting overlay " + overlay + " on port 6084" : "joining overlay " + overlay + " through " + bootstrap);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (peer == null && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        await(running(), 1, 60_000);
        System.out.println(status(running()));
    }

    private void stop() throws Exception {
        org.osgi.service.cm.ConfigurationAdmin ca = configAdmin;
        org.osgi.service.cm.Configuration[] found = ca == null ? null : ca.listConfigurations("(service.pid=org.polycast.reload)");
        if (found == null) {
            throw new IllegalStateException("no overlay configuration to remove");
        }
        for (org.osgi.service.cm.Configuration c : found) {
            c.delete();
        }
        System.out.println("left the overlay and removed its configuration");
    }

    private OverlayPeer running() {
        OverlayPeer p = peer;
        if (p == null) {
            throw new IllegalStateException("no overlay peer runs here; configure one with conf/org.polycast.reload.cfg (for example overlay=NAME "
                    + "and bootstrap=HOST:6084, or no bootstrap to start a new overlay)");
        }
        return p;
    }

    private static String arg(String[] args, int i, String what) {
        if (args.length <= i) {
            throw new IllegalArgumentException("ham:overlay " + args[0] + ": missing " + what + " (see ham:overlay --help)");
        }
        return args[i];
    }

    private static int intArg(String[] args, int i, String what) {
        try {
            return Integer.parseInt(arg(args, i, what));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what);
        }
    }

    private static long longArg(String[] args, int i, long fallback) {
        return args.length > i ? Long.parseLong(args[i]) : fallback;
    }

    static String status(OverlayPeer p) {
        return p.onNode(() -> {
            OverlayNode n = p.node();
            ChordProtocol chord = n.chord();
            ChordTopology t = chord.topology();
            StringBuilder out = new StringBuilder();
            out.append("overlay ").append(n.config().instanceName()).append(" (configuration sequence ").append(n.config().sequence()).append(")\n");
            out.append("peer ").append(n.self()).append(" user ").append(n.signer().identity().userName()).append('\n');
            out.append("state ").append(chord.state());
            if (chord.state() == ChordProtocol.State.JOINED) {
                out.append(" for ").append((n.scheduler().nowMillis() - chord.joinedAtMillis()) / 1000).append(" s");
            } else if (!chord.lastProblem().isEmpty()) {
                out.append(" (").append(chord.lastProblem()).append(')');
            }
            out.append("; listening on ").append(p.links().boundAddress()).append(" (TLS 1.2), ").append(p.links().linkCount()).append(" links\n");
            out.append("predecessors: ").append(ids(t.predecessors())).append('\n');
            out.append("successors: ").append(ids(t.successors())).append('\n');
            out.append("fingers: ").append(t.fingers().stream().filter(java.util.Objects::nonNull).distinct().count()).append(" distinct peers\n");
            out.append("stored resources: ").append(n.storage().resourceCount()).append("; responsible for ")
                    .append(String.format("%.1f", chord.responsiblePartsPerBillion() / 1e7)).append("% of the ring\n");
            out.append("counters:");
            for (Map.Entry<String, Long> e : n.counters().snapshot().entrySet()) {
                out.append(' ').append(e.getKey()).append('=').append(e.getValue());
            }
            return out.toString();
        });
    }

    private static String ids(List<NodeId> ids) {
        return ids.isEmpty() ? "(none)" : ids.stream().map(NodeId::toString).collect(Collectors.joining(" "));
    }

    private static String neighbours(OverlayPeer p) {
        return p.onNode(() -> "predecessors: " + ids(p.node().chord().topology().predecessors()) + "\nsuccessors: "
                + ids(p.node().chord().topology().successors()));
    }

    private static String fingers(OverlayPeer p) {
        return p.onNode(() -> {
            StringBuilder out = new StringBuilder();
            ChordTopology t = p.node().chord().topology();
            List<NodeId> f = t.fingers();
            for (int i = 0; i < f.size(); i++) {
                out.append(String.format("finger %2d  target %s  peer %s%n", i + 1, t.fingerTarget(i + 1), f.get(i) == null ? "(none)" : f.get(i)));
            }
            return out.toString().stripTrailing();
        });
    }

    private static void await(OverlayPeer p, int peers, long timeoutMillis) throws InterruptedException {
        int wanted = Math.min(peers - 1, 6);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        long nextReport = 0;
        while (true) {
            String[] state = p.onNode(() -> new String[] {p.node().chord().state().name(),
                Integer.toString(p.node().chord().topology().neighborSet().size()), p.node().chord().lastProblem()});
            boolean joined = state[0].equals("JOINED");
            int have = Integer.parseInt(state[1]);
            if (joined && have >= wanted) {
                System.out.println("overlay ready: joined with " + have + " neighbours");
                return;
            }
            long now = System.nanoTime();
            if (now > deadline) {
                throw new IllegalStateException("overlay not ready after " + timeoutMillis + " ms: state " + state[0] + ", " + have + " of " + wanted
                        + " neighbours" + (state[2].isEmpty() ? "" : "; " + state[2]));
            }
            if (now > nextReport) {
                System.out.println("waiting for the overlay: state " + state[0] + ", " + have + " of " + wanted + " neighbours");
                nextReport = now + TimeUnit.SECONDS.toNanos(2);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                throw new InterruptedException("interrupted while waiting for the overlay: state " + state[0] + ", " + have + " of " + wanted + " neighbours");
            }
        }
    }

    private static byte[] ownResource(OverlayPeer p, KindDefinition k, String claim) {
        return switch (k.policy()) {
            case USER_MATCH -> ReloadCertificates.userResource(p.userName());
            case NODE_MATCH -> NodeId.hash(p.node().self().toBytes()).toBytes();
            case FIRST_CLAIM, NODE_KEY -> p.service().resourceId(claim);
        };
    }

    private static void store(OverlayPeer p, String kind, String value, String key) {
        KindDefinition k = p.config().kind(kind);
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (k.policy() == AccessPolicy.FIRST_CLAIM) {
            // From the shell, the claimed name is KEY (or the value) and the claim key is the value.
            bytes = org.polycast.api.overlay.OverlayClaims.value(bytes, new byte[0]);
        }
        final byte[] stored = bytes;
        org.polycast.api.overlay.OverlayValue v = switch (k.model()) {
            case SINGLE -> org.polycast.api.overlay.OverlayValue.single(stored);
            case ARRAY -> org.polycast.api.overlay.OverlayValue.arrayEntry(key == null ? -1 : Long.parseLong(key), value.getBytes(StandardCharsets.UTF_8));
            // POLYCAST-NODE-KEY: the entry is keyed by this peer's Node-ID, and KEY names the resource.
            case DICTIONARY -> org.polycast.api.overlay.OverlayValue.dictionaryEntry((k.policy() == AccessPolicy.NODE_KEY ? p.node().self().toString()
                    : key == null ? value : key).getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
        };
        byte[] resource = ownResource(p, k, key == null ? value : key);
        StorageProtocol.Stored s = join(p.node().storage().store(resource, k, List.of(NodeOverlayService.toStored(k, v)), 3600));
        System.out.println("stored " + k.name() + " at resource " + HexFormat.of().formatHex(resource) + " on peer " + s.responder() + " replicas "
                + s.answer().kinds().get(0).replicas().stream().map(NodeId::toString).collect(Collectors.joining(",")));
    }

    private static void fetch(OverlayPeer p, String kind, String name, long awaitMillis) throws InterruptedException {
        KindDefinition k = p.config().kind(kind);
        byte[] resource = switch (k.policy()) {
            case USER_MATCH -> ReloadCertificates.userResource(name);
            case NODE_MATCH -> NodeId.hash(NodeId.parse(name).toBytes()).toBytes();
            case FIRST_CLAIM, NODE_KEY -> p.service().resourceId(name);
        };
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(awaitMillis);
        while (true) {
            StorageProtocol.Fetched f;
            try {
                f = join(p.service().fetched(k, resource));
            } catch (IllegalStateException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(500);
                continue;
            }
            List<org.polycast.api.overlay.OverlayValue> values = NodeOverlayService.values(f).stream().filter(org.polycast.api.overlay.OverlayValue::exists)
                    .toList();
            if (!values.isEmpty() || System.nanoTime() > deadline) {
                System.out.println("fetched " + k.name() + " of " + name + " from peer " + f.responder() + ": "
                        + (values.isEmpty() ? "(nothing)" : values.stream().map(Object::toString).collect(Collectors.joining(", "))));
                return;
            }
            Thread.sleep(500);
        }
    }

    private static void ping(OverlayPeer p, String nodeId) {
        long start = System.nanoTime();
        var in = join(p.node().request(List.of(new Destination.Node(NodeId.parse(nodeId))), MessageCode.PING, Ping.request(new byte[0])));
        System.out.printf("ping %s: answered in %.2f ms over %d hops%n", in.signer().nodeId(), (System.nanoTime() - start) / 1e6,
                in.message().via().size() + 1);
    }

    private static <T> T join(java.util.concurrent.CompletableFuture<T> f) {
        try {
            return f.orTimeout(30, TimeUnit.SECONDS).join();
        } catch (CompletionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException(c.getMessage(), c);
        }
    }
}
