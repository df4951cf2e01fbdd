package org.polycast.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.polycast.api.DirectMessageListener;
import org.polycast.api.HamUri;
import org.polycast.api.InterfaceOutcome;
import org.polycast.api.Message;
import org.polycast.api.MessageListener;
import org.polycast.api.MessageTooLargeException;
import org.polycast.api.MulticastException;
import org.polycast.api.SendTimeoutException;
import org.polycast.api.MulticastSocket;
import org.polycast.api.SocketClosedException;
import org.polycast.api.runtime.dto.SocketDTO;

/**
 * A multicast socket. Keeps its memberships itself, so that they survive technologies coming
 * and going and are replayed on every Interface it gains. Lock order: middleware, then socket,
 * then Interface; no technology call is waited for while a lock is held, except a mapping
 * look-up, which is guarded.
 */
final class SocketImpl implements MulticastSocket {
    private final long id;
    private final Middleware middleware;
    private final boolean followsDefaults;
    private final CoreLog log;
    private final Counters counters = new Counters();
    private final ReceiveQueue queue;
    private final DuplicateFilter duplicates;

    /** Guarded by {@code this}. */
    private final Set<Integer> explicit = new TreeSet<>();
    private final Set<Integer> excluded = new HashSet<>();
    private final Set<HamUri> joined = new LinkedHashSet<>();
    private final Set<HamUri> registered = new LinkedHashSet<>();
    private final Set<HamUri> sentTo = ConcurrentHashMap.newKeySet();
    private volatile ManagedInterface[] active = new ManagedInterface[0];
    /** When the socket last had more than one Interface; copies may still arrive for a window after. */
    private volatile long lastMultiInterfaceNanos = System.nanoTime() - Long.MAX_VALUE / 2;
    private volatile int ttl = -1;
    private volatile Map<Integer, Integer> ttlByInterface = Map.of();
    private volatile MessageListener listener;
    private final ListenerDrain drain;
    /**
     * Where the last name sent to goes: reused while the name, the Interfaces and the mappings stay the
     * same, so that a stream of messages to one group costs no look-ups.
     */
    private record SendPlan(HamUri name, ManagedInterface[] interfaces, long mappingEpoch, SelectionPolicy.Target[] targets, GroupState[] groups) {
    }

    private volatile SendPlan sendPlan;
    private volatile boolean closed;
    /** The client that opened it (a bundle's symbolic name), for operators; null for the core's own users. */
    private final String owner;

    SocketImpl(long id, String owner, Middleware middleware, Collection<Integer> explicitInterfaces, Settings settings, CoreLog log) {
        this.id = id;
        this.owner = owner;
        this.middleware = middleware;
        this.followsDefaults = explicitInterfaces == null;
        if (explicitInterfaces != null) {
            explicit.addAll(explicitInterfaces);
        }
        this.log = log;
        this.queue = new ReceiveQueue(settings.receiveQueueCapacity(), settings.receiveQueueBytes());
        this.drain = new ListenerDrain(queue, () -> listener, this::deliverTo, middleware.listenerPool());
        this.duplicates = new DuplicateFilter(settings.duplicateWindowMillis());
    }

    @Override
    public long id() {
        return id;
    }

    private void checkOpen() {
        if (closed) {
            throw new SocketClosedException("socket " + id + " is closed");
        }
    }

    // ---- Interfaces ---------------------------------------------------------------------------

    /** Whether this socket uses the Interface: asked for by index, or a default one not deleted. */
    synchronized boolean wants(ManagedInterface iface) {
        return explicit.contains(iface.index()) || (followsDefaults && iface.isDefault() && !excluded.contains(iface.index()));
    }

    /** The names {@link #gain} would map on the Interface, so that they can be mapped beforehand, outside every lock. */
    synchronized List<HamUri> namesToMap(ManagedInterface iface) {
        if (closed || !wants(iface)) {
            return List.of();
        }
        List<HamUri> names = new ArrayList<>(joined);
        names.addAll(registered);
        return names;
    }

    /** Takes a newly opened Interface into use and replays memberships there; does not wait. */
    synchronized List<CompletableFuture<Void>> gain(ManagedInterface iface) {
        if (closed || !wants(iface) || Arrays.asList(active).contains(iface)) {
            return List.of();
        }
        ManagedInterface[] next = Arrays.copyOf(active, active.length + 1);
        next[active.length] = iface;
        Arrays.sort(next, Comparator.comparingInt(ManagedInterface::index));
        active = next;
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (HamUri n : joined) {
            pending.add(joinOn(iface, n));
        }
        for (HamUri n : registered) {
            pending.add(registerOn(iface, n));
        }
        return pending;
    }

    /** Drops an Interface that went away; its technology is gone, so nothing is left there. */
    synchronized void lose(ManagedInterface iface) {
        if (active.length > 1) {
            lastMultiInterfaceNanos = System.nanoTime();
        }
        active = Arrays.stream(active).filter(i -> i != iface).toArray(ManagedInterface[]::new);
    }

    /** Duplicates are possible while the socket has several Interfaces, and for the window after. */
    private boolean duplicatesPossible() {
        return active.length > 1
                || System.nanoTime() - lastMultiInterfaceNanos < TimeUnit.MILLISECONDS.toNanos(middleware.settings().duplicateWindowMillis());
    }

    @Override
    public List<Integer> getInterfaces() {
        return Arrays.stream(active).map(ManagedInterface::index).toList();
    }

    @Override
    public void addInterface(int ifIndex) {
        checkOpen();
        ManagedInterface iface = middleware.interfaceOrThrow(ifIndex);
        List<CompletableFuture<Void>> pending;
        synchronized (this) {
            explicit.add(ifIndex);
            excluded.remove(ifIndex);
            pending = iface.isOpen() ? gain(iface) : List.of();
        }
        awaitAll(pending);
    }

    @Override
    public void delInterface(int ifIndex) {
        checkOpen();
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        synchronized (this) {
            ManagedInterface iface = Arrays.stream(active).filter(i -> i.index() == ifIndex).findFirst().orElse(null);
            if (iface == null && !explicit.contains(ifIndex)) {
                throw new MulticastException("interface " + ifIndex + " is not used by socket " + id);
            }
            explicit.remove(ifIndex);
            if (followsDefaults) {
                excluded.add(ifIndex);
            }
            if (iface != null) {
                lose(iface);
                pending.addAll(releaseAll(iface));
            }
        }
        awaitAll(pending);
    }

    private List<CompletableFuture<Void>> releaseAll(ManagedInterface iface) {
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (HamUri n : joined) {
            pending.add(iface.removeListener(this, n));
        }
        for (HamUri n : registered) {
            pending.add(iface.removeSender(this, n, true));
        }
        for (HamUri n : sentTo) {
            pending.add(iface.removeSender(this, n, false));
        }
        return pending;
    }

    // ---- group management ------------------------------------------------------------------

    @Override
    public void join(HamUri groupName) {
        joinReporting(groupName);
    }

    @Override
    public List<InterfaceOutcome> joinReporting(HamUri groupName) {
        HamUri n = middleware.canonicalName(Objects.requireNonNull(groupName, "groupName"));
        checkOpen();
        Map<Integer, CompletableFuture<Void>> pending = new TreeMap<>();
        List<InterfaceOutcome> outcomes = new ArrayList<>();
        synchronized (this) {
            boolean already = !joined.add(n);
            for (ManagedInterface iface : active) {
                if (already) {
                    outcomes.add(iface.hasListener(this, n) ? InterfaceOutcome.done(iface.index())
                            : new InterfaceOutcome(iface.index(), InterfaceOutcome.Result.NOT_CARRIED, "interface " + iface.index() + " cannot carry " + n));
                    continue;
                }
                Optional<Mapping> m = iface.mapping(n, middleware.resolver());
                if (m.isEmpty()) {
                    outcomes.add(new InterfaceOutcome(iface.index(), InterfaceOutcome.Result.NOT_CARRIED, "interface " + iface.index() + " cannot carry " + n));
                } else {
                    pending.put(iface.index(), iface.addListener(this, n, m.get()));
                }
            }
        }
        outcomes.addAll(outcomesOf(pending));
        outcomes.sort(Comparator.comparingInt(InterfaceOutcome::interfaceIndex));
        return List.copyOf(outcomes);
    }

    /** Waits, bounded by the call time limit, for each Interface's part; what it did there. */
    private List<InterfaceOutcome> outcomesOf(Map<Integer, CompletableFuture<Void>> pending) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(middleware.settings().callTimeoutMillis() + 100);
        List<InterfaceOutcome> out = new ArrayList<>();
        for (Map.Entry<Integer, CompletableFuture<Void>> e : pending.entrySet()) {
            try {
                e.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                out.add(InterfaceOutcome.done(e.getKey()));
            } catch (java.util.concurrent.TimeoutException t) {
                out.add(new InterfaceOutcome(e.getKey(), InterfaceOutcome.Result.PENDING, "still running after " + middleware.settings().callTimeoutMillis() + " ms"));
            } catch (InterruptedException t) {
                Thread.currentThread().interrupt();
                out.add(new InterfaceOutcome(e.getKey(), InterfaceOutcome.Result.PENDING, "interrupted while waiting"));
            } catch (java.util.concurrent.ExecutionException t) {
                out.add(new InterfaceOutcome(e.getKey(), InterfaceOutcome.Result.FAILED, rootReason(t)));
            }
        }
        return out;
    }

    private static String rootReason(Throwable t) {
        Throwable c = t;
        while ((c instanceof java.util.concurrent.ExecutionException || c instanceof java.util.concurrent.CompletionException
                || c instanceof java.lang.reflect.InvocationTargetException) && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof java.util.concurrent.TimeoutException) {
            return "the technology did not answer within the call time limit";
        }
        return c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName();
    }

    private CompletableFuture<Void> joinOn(ManagedInterface iface, HamUri n) {
        Optional<Mapping> m = iface.mapping(n, middleware.resolver());
        return m.isEmpty() ? CompletableFuture.completedFuture(null) : iface.addListener(this, n, m.get());
    }

    @Override
    public void leave(HamUri groupName) {
        HamUri n = middleware.canonicalName(Objects.requireNonNull(groupName, "groupName"));
        checkOpen();
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        synchronized (this) {
            if (!joined.remove(n)) {
                return;
            }
            for (ManagedInterface iface : active) {
                pending.add(iface.removeListener(this, n));
            }
        }
        awaitAll(pending);
    }

    @Override
    public Set<Integer> srcRegister(HamUri groupName) {
        HamUri n = middleware.canonicalName(Objects.requireNonNull(groupName, "groupName"));
        checkOpen();
        Map<Integer, CompletableFuture<Void>> pending = new HashMap<>();
        synchronized (this) {
            if (!registered.add(n)) {
                return Set.of();
            }
            for (ManagedInterface iface : active) {
                pending.put(iface.index(), registerOn(iface, n));
            }
        }
        return failedIndices(pending);
    }

    private CompletableFuture<Void> registerOn(ManagedInterface iface, HamUri n) {
        Optional<Mapping> m = iface.mapping(n, middleware.resolver());
        return m.isEmpty()
                ? CompletableFuture.failedFuture(new MulticastException("interface " + iface.index() + " cannot carry " + n))
                : iface.addSender(this, n, m.get(), true);
    }

    @Override
    public Set<Integer> srcDeregister(HamUri groupName) {
        HamUri n = middleware.canonicalName(Objects.requireNonNull(groupName, "groupName"));
        checkOpen();
        Map<Integer, CompletableFuture<Void>> pending = new HashMap<>();
        synchronized (this) {
            if (!registered.remove(n)) {
                return Set.of();
            }
            for (ManagedInterface iface : active) {
                pending.put(iface.index(), iface.removeSender(this, n, true));
            }
        }
        return failedIndices(pending);
    }

    @Override
    public synchronized Set<HamUri> joinedGroups() {
        return Set.copyOf(joined);
    }

    // ---- send and receive ---------------------------------------------------------------------

    @Override
    public void send(HamUri groupName, byte[] message) {
        send(groupName, message, 0, Objects.requireNonNull(message, "message").length);
    }

    @Override
    public void send(HamUri groupName, java.nio.ByteBuffer message) {
        Objects.requireNonNull(message, "message");
        int length = message.remaining();
        if (message.hasArray()) {
            send(groupName, message.array(), message.arrayOffset() + message.position(), length);
        } else {
            byte[] copy = new byte[length];
            message.duplicate().get(copy);
            send(groupName, copy, 0, length);
        }
        message.position(message.limit());
    }

    @Override
    public java.util.concurrent.CompletionStage<List<InterfaceOutcome>> joinAsync(HamUri groupName) {
        return CompletableFuture.supplyAsync(() -> joinReporting(groupName), middleware.listenerPool());
    }

    @Override
    public java.util.concurrent.CompletionStage<Void> leaveAsync(HamUri groupName) {
        return CompletableFuture.runAsync(() -> leave(groupName), middleware.listenerPool());
    }

    @Override
    public java.util.concurrent.CompletionStage<Set<Integer>> srcRegisterAsync(HamUri groupName) {
        return CompletableFuture.supplyAsync(() -> srcRegister(groupName), middleware.listenerPool());
    }

    @Override
    public void send(HamUri groupName, byte[] message, int offset, int length) {
        HamUri n = middleware.canonicalName(Objects.requireNonNull(groupName, "groupName"));
        Objects.checkFromIndexSize(offset, length, Objects.requireNonNull(message, "message").length);
        checkOpen();
        int max = middleware.getMaxMsgSize();
        if (length > max) {
            throw new MessageTooLargeException(length, max);
        }
        ManagedInterface[] ifs = active;
        if (ifs.length == 0) {
            throw new MulticastException("cannot send to " + n + ": socket " + id + " has no interfaces (no technology installed, or all removed)");
        }
        SendPlan plan = plan(n, ifs);
        int messageId = middleware.nextMessageId();
        int accepted = 0;
        long started = System.nanoTime();
        // Interfaces with flow control first: when one holds the message back for sendBlockMillis, it goes out on no
        // other Interface either, so that the sender, told, can send it again without duplicating it anywhere.
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < plan.targets().length; i++) {
                ManagedInterface iface = plan.targets()[i].iface();
                if (iface.flowControlled() != (pass == 0)) {
                    continue;
                }
                SendOutcome outcome = iface.send(plan.groups()[i], message, offset, length, ttlFor(iface), middleware.senderId(), messageId);
                if (outcome == SendOutcome.ACCEPTED) {
                    accepted++;
                } else if (outcome == SendOutcome.HELD_BACK) {
                    counters.sendFailures.increment();
                    counters.sendTimeouts.increment();
                    long waited = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                    throw new SendTimeoutException("cannot send to " + n + ": flow control of interface " + iface.index() + " (" + iface.technology()
                            + ") held the message back for " + waited + " ms (its receivers read slower than this socket sends); "
                            + (accepted == 0 ? "nothing was sent" : "sent on " + accepted + " other flow-controlled interface(s) only"), waited);
                }
            }
        }
        if (accepted == 0) {
            counters.sendFailures.increment();
            throw new MulticastException("cannot send to " + n + ": every interface refused the message (see the runtime's failures)");
        }
        counters.sent(length);
    }

    /** The send plan for a name: the cached one if nothing changed, otherwise a new one. */
    private SendPlan plan(HamUri n, ManagedInterface[] ifs) {
        SendPlan plan = sendPlan;
        long epoch = middleware.mappingEpoch();
        if (plan != null && plan.name() == n && plan.interfaces() == ifs && plan.mappingEpoch() == epoch && allHealthy(plan.targets())) {
            return plan;
        }
        List<SelectionPolicy.Target> targets = targets(n, ifs);
        if (!sentTo.contains(n)) { // add() would lock a hash bin
            sentTo.add(n);
        }
        GroupState[] groups = new GroupState[targets.size()];
        for (int i = 0; i < groups.length; i++) {
            SelectionPolicy.Target t = targets.get(i);
            GroupState g = t.iface().group(n);
            if (g == null || !g.senders.contains(this)) {
                t.iface().addSender(this, n, t.mapping(), false);
                g = t.iface().group(n);
            }
            groups[i] = g;
        }
        plan = new SendPlan(n, ifs, epoch, targets.toArray(new SelectionPolicy.Target[0]), groups);
        sendPlan = plan;
        return plan;
    }

    private static boolean allHealthy(SelectionPolicy.Target[] targets) {
        for (SelectionPolicy.Target t : targets) {
            if (!t.iface().healthy()) {
                return false;
            }
        }
        return true;
    }

    /** The Interfaces a message to the name goes out on, per the selection policy; throws if there are none. */
    private List<SelectionPolicy.Target> targets(HamUri n, ManagedInterface[] ifs) {
        if (ifs.length == 1 && ifs[0].healthy() && !ifs[0].receiveOnly()) { // the common case, without allocation beyond the result
            Optional<Mapping> m = ifs[0].mapping(n, middleware.resolver());
            if (m.isPresent()) {
                return List.of(new SelectionPolicy.Target(ifs[0], m.get()));
            }
        }
        List<SelectionPolicy.Target> candidates = new ArrayList<>(ifs.length);
        StringBuilder reasons = new StringBuilder();
        for (ManagedInterface iface : ifs) {
            if (iface.receiveOnly()) {
                reasons.append(reasons.length() == 0 ? "" : "; ").append("interface ").append(iface.index()).append(" (")
                        .append(iface.technology()).append(") only receives");
                continue;
            }
            Optional<Mapping> m = iface.healthy() ? iface.mapping(n, middleware.resolver()) : Optional.empty();
            if (m.isPresent()) {
                candidates.add(new SelectionPolicy.Target(iface, m.get()));
            } else {
                reasons.append(reasons.length() == 0 ? "" : "; ").append("interface ").append(iface.index()).append(" (")
                        .append(iface.technology()).append(") ").append(iface.healthy() ? "cannot carry the name" : "is not answering");
            }
        }
        List<SelectionPolicy.Target> targets = middleware.select(candidates);
        if (targets.isEmpty()) {
            counters.sendFailures.increment();
            throw new MulticastException("cannot send to " + n + ": " + reasons);
        }
        return targets;
    }

    /** Called by the receive path of an Interface; never blocks. */
    void offer(HamUri groupName, byte[] payload, ManagedInterface iface, String source, Reassembler.MessageKey key) {
        if (closed) {
            return;
        }
        if (duplicatesPossible() && !duplicates.accept(groupName, iface.index(), key, payload)) {
            counters.duplicates.increment();
            iface.counters.duplicates.increment();
            return;
        }
        MessageListener l = listener;
        if (l instanceof DirectMessageListener) {
            counters.received(payload.length);
            try {
                l.onMessage(new Message(groupName, payload, iface.index(), source));
            } catch (RuntimeException e) {
                log.error("direct message listener of socket " + id + " threw", e);
            }
            return;
        }
        if (queue.offer(new Message(groupName, payload, iface.index(), source))) {
            counters.received(payload.length);
            drain.kick();
        } else {
            counters.dropped.increment();
        }
    }

    @Override
    public Message receive() throws InterruptedException {
        checkReceivable();
        return checkClosed(queue.take(-1));
    }

    @Override
    public Optional<Message> receive(Duration timeout) throws InterruptedException {
        checkReceivable();
        return Optional.ofNullable(checkClosed(queue.take(Math.max(0, timeout.toNanos()))));
    }

    private void checkReceivable() {
        checkOpen();
        if (listener != null) {
            throw new IllegalStateException("socket " + id + " has a message listener; receive() and a listener are exclusive");
        }
    }

    private Message checkClosed(Message m) {
        if (m == null && queue.isClosed()) {
            throw new SocketClosedException("socket " + id + " was closed while receiving");
        }
        return m;
    }

    @Override
    public synchronized void setMessageListener(MessageListener l, java.util.concurrent.Executor executor) {
        Objects.requireNonNull(executor, "executor");
        if (l instanceof DirectMessageListener) {
            throw new IllegalArgumentException("a DirectMessageListener runs on the technologies' I/O threads and takes no executor");
        }
        checkOpen();
        drain.useExecutor(executor);
        listener = l;
        drain.kick();
    }

    @Override
    public synchronized void setMessageListener(MessageListener l) {
        checkOpen();
        drain.useExecutor(null);
        listener = l;
        if (l instanceof DirectMessageListener) {
            // No delivery task: I/O threads call it from now on; what is queued already goes to it here.
            for (Message m = queue.poll(); m != null; m = queue.poll()) {
                deliverTo(l, m);
            }
            return;
        }
        drain.kick(); // what waits already goes to the new listener
    }

    private void deliverTo(MessageListener l, Message m) {
        try {
            l.onMessage(m);
        } catch (RuntimeException e) {
            log.error("message listener of socket " + id + " threw", e);
        }
    }

    // ---- options ------------------------------------------------------------------------------

    @Override
    public void setTTL(int hops) {
        checkTtl(hops);
        checkOpen();
        synchronized (this) {
            ttl = hops;
            ttlByInterface = Map.of();
        }
    }

    @Override
    public void setTTL(int hops, Collection<Integer> ifIndices) {
        checkTtl(hops);
        checkOpen();
        synchronized (this) {
            Map<Integer, Integer> next = new HashMap<>(ttlByInterface);
            for (int i : ifIndices) {
                requireUsed(i);
                next.put(i, hops);
            }
            ttlByInterface = Map.copyOf(next);
        }
    }

    private static void checkTtl(int hops) {
        if (hops < 0 || hops > 255) {
            throw new IllegalArgumentException("TTL must be 0 to 255, was " + hops);
        }
    }

    @Override
    public int getTTL(int ifIndex) {
        checkOpen();
        return ttlFor(requireUsed(ifIndex));
    }

    private int ttlFor(ManagedInterface iface) {
        Integer specific = ttlByInterface.get(iface.index());
        if (specific != null) {
            return specific;
        }
        int t = ttl;
        return t >= 0 ? t : iface.defaultTtl();
    }

    private ManagedInterface requireUsed(int ifIndex) {
        for (ManagedInterface iface : active) {
            if (iface.index() == ifIndex) {
                return iface;
            }
        }
        middleware.interfaceOrThrow(ifIndex);
        throw new MulticastException("interface " + ifIndex + " is not used by socket " + id);
    }

    @Override
    public int getAtomicMsgSize() {
        checkOpen();
        ManagedInterface[] ifs = active;
        if (ifs.length == 0) {
            throw new MulticastException("socket " + id + " has no interfaces, so no atomic message size");
        }
        return Arrays.stream(ifs).mapToInt(ManagedInterface::atomicSize).min().getAsInt();
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (ManagedInterface iface : active) {
                pending.addAll(releaseAll(iface));
            }
            active = new ManagedInterface[0];
            listener = null;
            queue.close(); // wakes every blocked receive; a running delivery task finds the queue empty
        }
        middleware.socketClosed(this);
        awaitAll(pending);
    }

    // ---- helpers ------------------------------------------------------------------------------

    private void awaitAll(List<CompletableFuture<Void>> pending) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(middleware.settings().callTimeoutMillis() + 100);
        for (CompletableFuture<Void> f : pending) {
            try {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // recorded as an Interface failure where it happened
            }
        }
    }

    private Set<Integer> failedIndices(Map<Integer, CompletableFuture<Void>> pending) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(middleware.settings().callTimeoutMillis() + 100);
        Set<Integer> failed = new TreeSet<>();
        pending.forEach((index, f) -> {
            try {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.add(index);
            } catch (Exception e) {
                failed.add(index);
            }
        });
        return Set.copyOf(failed);
    }

    synchronized SocketDTO toDTO() {
        SocketDTO d = new SocketDTO();
        d.id = id;
        d.owner = owner;
        d.interfaces = Arrays.stream(active).mapToInt(ManagedInterface::index).toArray();
        d.followsDefaults = followsDefaults;
        d.joined = joined.stream().map(HamUri::toString).toArray(String[]::new);
        d.sources = registered.stream().map(HamUri::toString).toArray(String[]::new);
        d.queued = queue.size();
        d.queuedBytes = queue.bytes();
        d.listener = listener != null;
        d.counters = counters.toDTO();
        return d;
    }

}
