package org.polycast.shell.internal;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.polycast.api.EventRegistration;
import org.polycast.api.GroupSetEntry;
import org.polycast.api.HamUri;
import org.polycast.api.InterfaceOutcome;
import org.polycast.api.InterfaceProperties;
import org.polycast.api.MembershipEvent;
import org.polycast.api.Message;
import org.polycast.api.MulticastService;
import org.polycast.api.MulticastSocket;
import org.polycast.api.SendTimeoutException;
import org.polycast.api.runtime.PolycastRuntime;
import org.polycast.api.runtime.dto.CountersDTO;
import org.polycast.api.runtime.dto.FailureDTO;
import org.polycast.api.runtime.dto.GroupDTO;
import org.polycast.api.runtime.dto.InterfaceDTO;
import org.polycast.api.runtime.dto.MappingDTO;
import org.polycast.api.runtime.dto.RuntimeDTO;
import org.polycast.api.runtime.dto.SocketDTO;

/**
 * Operator commands in the Gogo scope {@code ham}. The shell keeps one socket per joined group
 * (so that {@code ham:listen} reads that group only) and one socket for sending; they live as
 * long as this component. Every command accepts {@code --help}; errors are exceptions with a
 * message that says what to do, which makes a non-interactive run fail. Immediate, so that its
 * sockets outlive a single command (a delayed component would be deactivated between commands).
 */
@Component(service = HamCommands.class, immediate = true, property = {"osgi.command.scope=ham",
    "osgi.command.function=interfaces", "osgi.command.function=sockets", "osgi.command.function=join",
    "osgi.command.function=leave", "osgi.command.function=send", "osgi.command.function=listen",
    "osgi.command.function=srcregister", "osgi.command.function=srcderegister", "osgi.command.function=groups",
    "osgi.command.function=neighbors", "osgi.command.function=children", "osgi.command.function=parents",
    "osgi.command.function=designated", "osgi.command.function=events", "osgi.command.function=map",
    "osgi.command.function=stats", "osgi.command.function=sleep"})
public class HamCommands {
    private static final int EVENT_HISTORY = 200;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private final MulticastService service;
    private final PolycastRuntime runtime;
    private final Map<HamUri, MulticastSocket> listeners = new ConcurrentHashMap<>();
    private final Deque<String> events = new ArrayDeque<>();
    private MulticastSocket sender;
    private EventRegistration eventRegistration;

    @Activate
    public HamCommands(@Reference MulticastService service, @Reference PolycastRuntime runtime) {
        this.service = service;
        this.runtime = runtime;
        this.eventRegistration = service.enableEvents(this::record);
    }

    @Deactivate
    void deactivate() {
        eventRegistration.close();
        listeners.values().forEach(MulticastSocket::close);
        listeners.clear();
        synchronized (this) {
            if (sender != null) {
                sender.close();
            }
        }
    }

    private void record(MembershipEvent e) {
        String line = TIME.format(Instant.now()) + "  " + e.type() + "  " + e.groupName() + "  if " + e.interfaceIndex()
                + e.source().map(s -> "  from " + s).orElse("");
        synchronized (events) {
            if (events.size() == EVENT_HISTORY) {
                events.removeFirst();
            }
            events.addLast(line);
        }
    }

    private static PrintStream out() {
        return System.out;
    }

    /** The flag every listing and status command takes: one JSON value instead of the table, for scripts. */
    private static final Set<String> JSON = Set.of("json");

    private static void json(Object value) {
        out().println(org.polycast.common.internal.JsonWriter.write(value));
    }

    private static boolean usage(Args a, String text) {
        if (a.help()) {
            out().println(text);
        }
        return a.help();
    }

    private synchronized MulticastSocket sender() {
        if (sender == null || !sender.isOpen()) {
            sender = service.createSocket();
        }
        return sender;
    }

    private String describe(List<Integer> indices) {
        if (indices.isEmpty()) {
            return "no interface yet (the membership is kept and replayed when one appears)";
        }
        Map<Integer, InterfaceProperties> all = service.interfaces().stream().collect(Collectors.toMap(InterfaceProperties::index, p -> p));
        return indices.stream().map(i -> Optional.ofNullable(all.get(i)).map(p -> i + " (" + p.technology() + " " + p.name() + ")").orElse(String.valueOf(i)))
                .collect(Collectors.joining(", "));
    }

    // ---- group management ---------------------------------------------------------------------

    @Descriptor("join a group: ham:join URI")
    public void join(String... args) {
        Args a = new Args("ham:join", args, Set.of());
        if (usage(a, "ham:join URI\n  Joins the group on the shell's socket for it (default interfaces); ham:listen reads it.\n"
                + "  Example: ham:join ham:ip:232.1.1.1@198.18.1.1:5000\n"
                + "  Quote names with IPv6 literals, since Gogo reads [...] as a list: ham:join 'ham:ip:[ff15::1]:5000'")) {
            return;
        }
        a.expect(1, 1, "ham:join URI");
        HamUri group = a.uri(0).groupName();
        MulticastSocket s = listeners.computeIfAbsent(group, g -> service.createSocket());
        List<InterfaceOutcome> outcomes = s.joinReporting(group);
        List<Integer> done = outcomes.stream().filter(o -> o.result() == InterfaceOutcome.Result.DONE).map(InterfaceOutcome::interfaceIndex).toList();
        StringBuilder text = new StringBuilder(done.isEmpty() && !outcomes.isEmpty() ? "" : "joined " + group + " on " + describe(done));
        for (InterfaceOutcome o : outcomes) {
            if (o.result() == InterfaceOutcome.Result.FAILED || o.result() == InterfaceOutcome.Result.PENDING) {
                text.append(text.length() == 0 ? "" : "\n").append(o.result() == InterfaceOutcome.Result.PENDING ? "  still pending on " : "  not joined on ")
                        .append(describe(List.of(o.interfaceIndex()))).append(": ").append(o.reason());
            }
        }
        List<Integer> notCarried = outcomes.stream().filter(o -> o.result() == InterfaceOutcome.Result.NOT_CARRIED).map(InterfaceOutcome::interfaceIndex).toList();
        if (!notCarried.isEmpty()) {
            text.append(text.length() == 0 ? "" : "\n").append("  not carried (no mapping there) on ").append(describe(notCarried));
        }
        if (done.isEmpty() && !outcomes.isEmpty()) {
            // nothing of what was asked happened: say so and fail, keeping the membership for Interfaces yet to come
            throw new IllegalStateException("ham:join: " + group + " joined on no Interface (kept, and replayed where one can carry it; ham:leave drops it)\n"
                    + text);
        }
        out().println(text);
    }

    @Descriptor("leave a group: ham:leave URI")
    public void leave(String... args) {
        Args a = new Args("ham:leave", args, Set.of());
        if (usage(a, "ham:leave URI\n  Leaves a group joined with ham:join and frees its socket." + "\n  Example: ham:leave ham:opaque:demo")) {
            return;
        }
        a.expect(1, 1, "ham:leave URI");
        HamUri group = a.uri(0).groupName();
        MulticastSocket s = listeners.remove(group);
        if (s == null) {
            throw new IllegalArgumentException("ham:leave: " + group + " is not joined (see ham:sockets)");
        }
        s.close();
        out().println("left " + group);
    }

    @Descriptor("register this node as a source: ham:srcregister URI")
    public void srcregister(String... args) {
        Args a = new Args("ham:srcregister", args, Set.of());
        if (usage(a, "ham:srcregister URI\n  Announces the shell's sending socket as a source of the group on all its interfaces." + "\n  Example: ham:srcregister ham:ip:232.1.1.1@198.18.1.1:5000")) {
            return;
        }
        a.expect(1, 1, "ham:srcregister URI");
        Set<Integer> failed = sender().srcRegister(a.uri(0));
        out().println(failed.isEmpty() ? "registered as source of " + a.uri(0).groupName()
                : "registered, but failed on interfaces " + describe(List.copyOf(failed)) + " (see ham:stats)");
    }

    @Descriptor("withdraw a source registration: ham:srcderegister URI")
    public void srcderegister(String... args) {
        Args a = new Args("ham:srcderegister", args, Set.of());
        if (usage(a, "ham:srcderegister URI\n  Withdraws ham:srcregister." + "\n  Example: ham:srcderegister ham:ip:232.1.1.1@198.18.1.1:5000")) {
            return;
        }
        a.expect(1, 1, "ham:srcderegister URI");
        Set<Integer> failed = sender().srcDeregister(a.uri(0));
        out().println(failed.isEmpty() ? "deregistered " + a.uri(0).groupName() : "deregistered, but failed on interfaces " + describe(List.copyOf(failed)));
    }

    /** Sleeps; an interrupt (Ctrl-C) ends the command with {@code interrupted}, which says how far it got. */
    private static void pause(long millis, String interrupted) throws InterruptedException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new InterruptedException(interrupted);
        }
    }

    private static String sendStopped(long sent, long count) {
        return "ham:send interrupted after " + sent + " of " + count + " messages";
    }

    // ---- send and receive -----------------------------------------------------------------------

    @Descriptor("send text to a group: ham:send URI TEXT [--count N] [--interval MS] [--ttl H]")
    public void send(String... args) throws InterruptedException {
        Args a = new Args("ham:send", args, Set.of("count", "interval", "ttl"));
        if (usage(a, "ham:send URI TEXT [--count N] [--interval MS] [--ttl H]\n"
                + "  Sends TEXT (UTF-8) N times (default 1), MS milliseconds apart (default 0), with hop limit H.\n"
                + "  With --count above 1, each message gets ' #i' appended so receivers can tell them apart, and a progress\n"
                + "  line comes every 5 s; Ctrl-C stops it and says how many went." + "\n  Example: ham:send ham:opaque:demo hello --count 10 --interval 100")) {
            return;
        }
        a.expect(2, 2, "ham:send URI TEXT [--count N] [--interval MS] [--ttl H]");
        HamUri group = a.uri(0);
        String text = a.string(1);
        long count = a.option("count", 1, 1, 1_000_000);
        long interval = a.option("interval", 0, 0, 3_600_000);
        MulticastSocket s = sender();
        long ttl = a.option("ttl", -1, 0, 255);
        if (ttl >= 0) {
            s.setTTL((int) ttl);
        }
        long started = System.nanoTime();
        long timeouts = 0;
        Progress progress = new Progress("ham:send", count, out());
        for (long i = 1; i <= count; i++) {
            if (Thread.interrupted()) {
                throw new InterruptedException(sendStopped(i - 1, count));
            }
            progress.at(i - 1);
            String payload = count == 1 ? text : text + " #" + i;
            byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
            while (true) {
                try {
                    s.send(group, bytes);
                    break;
                } catch (SendTimeoutException e) {
                    // The receivers are slower than this sender: wait for them rather than drop the message.
                    timeouts++;
                    if (Thread.interrupted()) {
                        throw new InterruptedException(sendStopped(i - 1, count));
                    }
                }
            }
            if (interval > 0 && i < count) {
                pause(interval, sendStopped(i, count));
            }
        }
        long millis = Math.max(1, (System.nanoTime() - started) / 1_000_000);
        List<Integer> carriers = runtime.map(group).stream().filter(m -> m.selected && s.getInterfaces().contains(m.interfaceIndex))
                .map(m -> m.interfaceIndex).toList();
        out().println("sent " + count + (count == 1 ? " message" : " messages") + " to " + group.groupName() + " on " + describe(carriers)
                + (count > 1 ? " in " + millis + " ms (" + count * 1000 / millis + " msg/s" + (timeouts > 0 ? ", held back by flow control " + timeouts
                        + " times for " + "sendBlockMillis" : "") + ")" : ""));
    }

    @Descriptor("print messages of a group: ham:listen URI [COUNT] [TIMEOUT_MS]")
    public void listen(String... args) throws InterruptedException {
        Args a = new Args("ham:listen", args, Set.of());
        if (usage(a, "ham:listen URI [COUNT] [TIMEOUT_MS]\n"
                + "  Prints one line per message, the group name then the payload as text, until COUNT messages\n"
                + "  (default 1) arrived or TIMEOUT_MS (default 10000) passed. Joins the group first if needed.\n"
                + "  Fails if fewer than COUNT messages arrived in time. With COUNT above 1, a progress line every 5 s;\n"
                + "  Ctrl-C stops it." + "\n  Example: ham:listen ham:opaque:demo 10 5000")) {
            return;
        }
        a.expect(1, 3, "ham:listen URI [COUNT] [TIMEOUT_MS]");
        HamUri group = a.uri(0).groupName();
        long count = a.count() > 1 ? a.number(1, 1, 10_000_000, "COUNT") : 1;
        long timeout = a.count() > 2 ? a.number(2, 0, 86_400_000, "TIMEOUT_MS") : 10_000;
        MulticastSocket s = listeners.computeIfAbsent(group, g -> service.createSocket());
        s.join(group);
        long deadline = System.nanoTime() + timeout * 1_000_000L;
        long received = 0;
        Progress progress = new Progress("ham:listen", count, out());
        while (received < count) {
            long left = deadline - System.nanoTime();
            Optional<Message> m;
            try {
                // In slices, so that a long wait still reports its progress.
                m = left > 0 ? s.receive(Duration.ofNanos(Math.min(left, Progress.PERIOD_NANOS))) : Optional.empty();
            } catch (InterruptedException e) {
                throw new InterruptedException("ham:listen interrupted after " + received + " of " + count + " messages on " + group);
            }
            progress.at(received);
            if (m.isEmpty() && System.nanoTime() - deadline < 0) {
                continue; // a slice passed, the time-out has not
            }
            if (m.isEmpty()) {
                throw new IllegalStateException("ham:listen: received " + received + " of " + count + " messages on " + group + " within " + timeout + " ms");
            }
            out().println(m.get().groupName() + " " + Text.printable(m.get().payload()));
            received++;
        }
    }

    // ---- introspection ----------------------------------------------------------------------------

    @Descriptor("list the interfaces (RFC 7046 ifProp) with their state")
    public void interfaces(String... args) {
        Args a = new Args("ham:interfaces", args, Set.of(), JSON);
        if (usage(a, "ham:interfaces [--json]\n  Lists every interface: index, technology, name, address, state, atomic size, default TTL.\n"
                + "  --json: the Interfaces as the runtime DTOs hold them (with their groups and counters), one JSON object." + "\n  Example: ham:interfaces --json")) {
            return;
        }
        a.expect(0, 0, "ham:interfaces [--json]");
        RuntimeDTO r = runtime.getRuntimeDTO();
        if (a.flag("json")) {
            Map<String, Object> o = new java.util.LinkedHashMap<>();
            o.put("interfaces", r.interfaces);
            o.put("maxMessageSize", r.maxMessageSize);
            o.put("selectionPolicy", r.selectionPolicy);
            json(o);
            return;
        }
        Table t = new Table("IDX", "TECHNOLOGY", "NAME", "ADDRESS", "STATE", "ATOMIC", "TTL", "DEFAULT", "BUNDLE");
        for (InterfaceDTO i : r.interfaces) {
            t.row(i.index, i.technology, i.name, i.address, i.state, i.atomicMessageSize, i.defaultTtl, i.defaultInterface ? "yes" : "no", i.bundle);
        }
        out().print(t.isEmpty() ? "no interfaces: install a technology bundle (for example polycast.loopback)\n" : t);
        out().println("maximum message size: " + r.maxMessageSize + " bytes; selection policy: " + r.selectionPolicy);
        for (InterfaceDTO i : r.interfaces) {
            if (i.failure != null) {
                out().println("interface " + i.index + " last failure: " + i.failure);
            }
        }
    }

    @Descriptor("list the open sockets")
    public void sockets(String... args) {
        Args a = new Args("ham:sockets", args, Set.of(), JSON);
        if (usage(a, "ham:sockets [--json]\n  Lists open sockets: the bundle that opened each, interfaces, whether they follow the defaults, groups joined, queued messages and bytes, messages dropped (queue full in count or bytes)." + "\n  Example: ham:sockets")) {
            return;
        }
        a.expect(0, 0, "ham:sockets [--json]");
        if (a.flag("json")) {
            json(runtime.getRuntimeDTO().sockets);
            return;
        }
        Table t = new Table("ID", "OWNER", "INTERFACES", "DEFAULTS", "QUEUED", "QUEUED BYTES", "DROPPED", "JOINED", "SOURCES");
        for (SocketDTO s : runtime.getRuntimeDTO().sockets) {
            t.row(s.id, s.owner != null ? s.owner : "-", Arrays.toString(s.interfaces), s.followsDefaults ? "yes" : "no", s.queued, s.queuedBytes, s.counters.dropped, String.join(" ", s.joined),
                    String.join(" ", s.sources));
        }
        out().print(t.isEmpty() ? "no open sockets\n" : t);
    }

    @Descriptor("groups per interface (RFC 7046 groupSet): ham:groups [IF]")
    public void groups(String... args) {
        Args a = new Args("ham:groups", args, Set.of(), JSON);
        if (usage(a, "ham:groups [IF] [--json]\n  Lists groups registered at each interface (or at IF) with the role: listener, sender or both." + "\n  Example: ham:groups lo")) {
            return;
        }
        a.expect(0, 1, "ham:groups [IF] [--json]");
        if (a.flag("json")) {
            List<Map<String, Object>> rows = new java.util.ArrayList<>();
            for (int index : interfaceArgument(a, 0)) {
                for (GroupSetEntry e : service.groupSet(index)) {
                    rows.add(Map.of("interfaceIndex", index, "groupName", e.groupName().toString(), "role", e.role()));
                }
            }
            json(rows);
            return;
        }
        Table t = new Table("IF", "GROUP", "ROLE");
        for (int index : interfaceArgument(a, 0)) {
            for (GroupSetEntry e : service.groupSet(index)) {
                t.row(index, e.groupName(), e.role().name().toLowerCase().replace('_', ' '));
            }
        }
        out().print(t.isEmpty() ? "no groups\n" : t);
    }

    @Descriptor("multicast neighbours per interface (RFC 7046 neighborSet): ham:neighbors [IF]")
    public void neighbors(String... args) {
        Args a = new Args("ham:neighbors", args, Set.of());
        if (usage(a, "ham:neighbors [IF]\n  Lists the multicast routing neighbours each interface (or IF) knows; empty where the technology cannot know." + "\n  Example: ham:neighbors 2")) {
            return;
        }
        a.expect(0, 1, "ham:neighbors [IF]");
        Table t = new Table("IF", "NEIGHBOR");
        for (int index : interfaceArgument(a, 0)) {
            service.neighborSet(index).forEach(n -> t.row(index, n));
        }
        out().print(t.isEmpty() ? "no neighbours known\n" : t);
    }

    @Descriptor("children of this node for a group (RFC 7046 childrenSet): ham:children URI [IF]")
    public void children(String... args) {
        treeCall("ham:children", "CHILD", args, (i, g) -> service.childrenSet(i, g));
    }

    @Descriptor("parents of this node for a group (RFC 7046 parentSet): ham:parents URI [IF]")
    public void parents(String... args) {
        treeCall("ham:parents", "PARENT", args, (i, g) -> service.parentSet(i, g));
    }

    private void treeCall(String command, String column, String[] args, java.util.function.BiFunction<Integer, HamUri, List<HamUri>> call) {
        Args a = new Args(command, args, Set.of());
        String plural = column.equals("CHILD") ? "children" : "parents";
        if (usage(a, command + " URI [IF]\n  Lists, per interface (or IF), the nodes that are " + plural
                + " of this node in the group's distribution tree; empty where the technology cannot know.\n  Example: " + command + " ham:opaque:demo")) {
            return;
        }
        a.expect(1, 2, command + " URI [IF]");
        HamUri group = a.uri(0);
        Table t = new Table("IF", column);
        for (int index : interfaceArgument(a, 1)) {
            call.apply(index, group).forEach(n -> t.row(index, n));
        }
        out().print(t.isEmpty() ? "none known for " + group + "\n" : t);
    }

    @Descriptor("whether this node is the designated host for a group (RFC 7046 designatedHost): ham:designated URI [IF]")
    public void designated(String... args) {
        Args a = new Args("ham:designated", args, Set.of());
        if (usage(a, "ham:designated URI [IF]\n  Shows per interface (or IF) whether this node is the designated forwarder/querier for the group." + "\n  Example: ham:designated ham:opaque:demo")) {
            return;
        }
        a.expect(1, 2, "ham:designated URI [IF]");
        HamUri group = a.uri(0);
        Table t = new Table("IF", "GROUP", "DESIGNATED");
        for (int index : interfaceArgument(a, 1)) {
            t.row(index, group, service.designatedHost(index, group) ? "yes" : "no");
        }
        out().print(t);
    }

    @Descriptor("membership events seen since start (join, leave, new source): ham:events [--clear]")
    public void events(String... args) {
        if (Arrays.asList(args).contains("--clear")) {
            synchronized (events) {
                events.clear();
            }
            out().println("event history cleared");
            return;
        }
        Args a = new Args("ham:events", args, Set.of());
        if (usage(a, "ham:events [--clear]\n  Prints the last " + EVENT_HISTORY + " membership events (time UTC, type, group, interface)."
                + "\n  --clear empties the history." + "\n  Example: ham:events --clear")) {
            return;
        }
        a.expect(0, 0, "ham:events [--clear]");
        synchronized (events) {
            if (events.isEmpty()) {
                out().println("no membership events yet");
            }
            events.forEach(out()::println);
        }
    }

    @Descriptor("what a group name maps to on each interface: ham:map URI")
    public void map(String... args) {
        Args a = new Args("ham:map", args, Set.of(), JSON);
        if (usage(a, "ham:map URI [--json]\n  Shows the group address per interface, where the mapping came from (canonical, derived, service),\n"
                + "  and which interfaces the selection policy sends on." + "\n  Example: ham:map ham:sip:news@example.org")) {
            return;
        }
        a.expect(1, 1, "ham:map URI [--json]");
        if (a.flag("json")) {
            json(runtime.map(a.uri(0)));
            return;
        }
        Table t = new Table("IF", "TECHNOLOGY", "NAME", "ADDRESS", "SOURCE", "SENDS", "NOTE");
        for (MappingDTO m : runtime.map(a.uri(0))) {
            t.row(m.interfaceIndex, m.technology, m.interfaceName, m.address, m.source == null ? null : m.source + (m.mapper != null ? ":" + m.mapper : ""),
                    m.selected ? "yes" : "no", m.reason);
        }
        out().print(t.isEmpty() ? "no interfaces\n" : t);
    }

    @Descriptor("traffic counters per interface, group and socket, and recent failures; --rate MS for rates: ham:stats [--rate MS]")
    public void stats(String... args) throws InterruptedException {
        Args a = new Args("ham:stats", args, Set.of("rate"), JSON);
        if (usage(a, "ham:stats [--rate MS] [--json]\n  Counters per interface, per group on each interface, and per socket; then recent failures.\n"
                + "  --json: the whole runtime DTO (every counter, failures, dropped events), one JSON object.\n"
                + "  With --rate MS: messages and bytes per second in each scope, measured over MS milliseconds (100 to 60000)." + "\n  Example: ham:stats --rate 1000")) {
            return;
        }
        a.expect(0, 0, "ham:stats [--rate MS] [--json]");
        if (a.flag("json")) {
            json(runtime.getRuntimeDTO());
            return;
        }
        long rateMillis = a.option("rate", 0, 100, 60_000);
        if (rateMillis > 0) {
            rates(rateMillis);
            return;
        }
        RuntimeDTO r = runtime.getRuntimeDTO();
        Table t = new Table("SCOPE", "SENT", "SENT_BYTES", "FRAGS_OUT", "RECEIVED", "RECV_BYTES", "FRAGS_IN", "DUPLICATES", "DROPPED", "FAILED", "MALFORMED");
        scopes(r).values().forEach(e -> counters(t, e.getKey(), e.getValue()));
        out().print(t);
        if (r.membershipEventsDropped > 0) {
            out().println("membership events dropped (listeners too slow): " + r.membershipEventsDropped);
        }
        for (FailureDTO f : r.failures) {
            out().println(TIME.format(Instant.ofEpochMilli(f.timestamp)) + "  if " + f.interfaceIndex + " " + f.technology + "  " + f.operation + ": " + f.message);
        }
    }

    /** Every counted scope in display order (total, each Interface and its groups, each socket), keyed uniquely. */
    private static java.util.LinkedHashMap<String, Map.Entry<String, CountersDTO>> scopes(RuntimeDTO r) {
        java.util.LinkedHashMap<String, Map.Entry<String, CountersDTO>> out = new java.util.LinkedHashMap<>();
        out.put("total", Map.entry("total", r.counters));
        for (InterfaceDTO i : r.interfaces) {
            out.put("if " + i.index, Map.entry("if " + i.index + " " + i.technology, i.counters));
            for (GroupDTO g : i.groups) {
                out.put("if " + i.index + " " + g.name, Map.entry("  " + g.name, g.counters));
            }
        }
        for (SocketDTO s : r.sockets) {
            out.put("socket " + s.id, Map.entry("socket " + s.id, s.counters));
        }
        return out;
    }

    /** Two snapshots {@code millis} apart: per-second rates of each scope present in both. */
    private void rates(long millis) throws InterruptedException {
        java.util.LinkedHashMap<String, Map.Entry<String, CountersDTO>> before = scopes(runtime.getRuntimeDTO());
        long start = System.nanoTime();
        pause(millis, "ham:stats --rate interrupted");
        java.util.LinkedHashMap<String, Map.Entry<String, CountersDTO>> after = scopes(runtime.getRuntimeDTO());
        double seconds = (System.nanoTime() - start) / 1e9;
        Table t = new Table("SCOPE", "SENT/S", "SENT_MB/S", "RECEIVED/S", "RECV_MB/S", "DROPPED/S", "FAILED/S");
        after.forEach((key, e) -> {
            CountersDTO c = e.getValue();
            CountersDTO b = before.containsKey(key) ? before.get(key).getValue() : null;
            if (b != null) {
                t.row(e.getKey(), perSecond(c.messagesSent - b.messagesSent, seconds), megabytes(c.bytesSent - b.bytesSent, seconds),
                        perSecond(c.messagesReceived - b.messagesReceived, seconds), megabytes(c.bytesReceived - b.bytesReceived, seconds),
                        perSecond(c.dropped - b.dropped, seconds), perSecond(c.sendFailures - b.sendFailures, seconds));
            }
        });
        out().print(t);
        out().printf("measured over %.1f s%n", seconds);
    }

    private static String perSecond(long delta, double seconds) {
        return String.format(java.util.Locale.ROOT, "%.0f", delta / seconds);
    }

    private static String megabytes(long delta, double seconds) {
        return String.format(java.util.Locale.ROOT, "%.3f", delta / seconds / 1e6);
    }

    @Descriptor("pause a script: ham:sleep MS")
    public void sleep(String... args) throws InterruptedException {
        Args a = new Args("ham:sleep", args, Set.of());
        if (usage(a, "ham:sleep MS\n  Pauses for MS milliseconds (at most one hour), for scripts that must let traffic arrive." + "\n  Example: ham:sleep 2000")) {
            return;
        }
        a.expect(1, 1, "ham:sleep MS");
        pause(a.number(0, 0, 3_600_000, "MS"), "ham:sleep interrupted");
    }

    private static void counters(Table t, String scope, CountersDTO c) {
        t.row(scope, c.messagesSent, c.bytesSent, c.fragmentsSent, c.messagesReceived, c.bytesReceived, c.fragmentsReceived, c.duplicates, c.dropped,
                c.sendFailures, c.malformed);
    }

    /** IF as ham:interfaces shows it: an index, or a name (every Interface of that name, e.g. eth1 of IPv4 and of AMT). */
    private List<Integer> interfaceArgument(Args a, int position) {
        List<InterfaceProperties> all = service.interfaces();
        if (a.count() <= position) {
            return all.stream().map(InterfaceProperties::index).toList();
        }
        String given = a.string(position);
        if (given.matches("-?\\d+")) {
            return List.of((int) a.number(position, 1, Integer.MAX_VALUE, "IF"));
        }
        List<Integer> named = all.stream().filter(p -> p.name().equals(given)).map(InterfaceProperties::index).toList();
        if (named.isEmpty()) {
            throw new IllegalArgumentException("no Interface '" + Text.clip(given) + "'; the Interfaces are "
                    + all.stream().map(p -> p.index() + " (" + p.technology() + " " + p.name() + ")").toList());
        }
        return named;
    }
}
