package org.polycast.core.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.polycast.api.HamUri;
import org.polycast.api.InterfaceProperties;
import org.polycast.api.MembershipEvent;
import org.polycast.api.MembershipEventType;
import org.polycast.api.runtime.dto.GroupDTO;
import org.polycast.api.runtime.dto.InterfaceDTO;
import org.polycast.api.spi.SendBufferFullException;
import org.polycast.api.spi.TechnologyInterface;

/**
 * The core's side of one technology Interface: guarded calls into it, the groups in use on it
 * with reference counts (so the technology sees one join per address however many sockets
 * join), the mapping cache, counters and health.
 */
final class ManagedInterface {
    private final int index;
    private final TechnologyInterface tech;
    private final String technology;
    private final String name;
    private final String bundle;
    private final boolean defaultInterface;
    private final int ranking;
    private final boolean concurrentSend;
    /** The technology never sends (an AMT gateway): sockets leave it out when sending. */
    private final boolean receiveOnly;
    /** Direct sends (see {@link TechnologyInterface#CONCURRENT_SEND}) in progress, and when one last completed. */
    private final java.util.concurrent.atomic.AtomicInteger directSends = new java.util.concurrent.atomic.AtomicInteger();
    private volatile long lastDirectSendProgress = System.nanoTime();
    /** The technology has refused a datagram for flow control at least once: sockets offer it a message first. */
    private volatile boolean flowControlled;
    /** Where senders that the technology's flow control held back wait for it to have room. */
    private final SendSpace sendSpace = new SendSpace();
    private final Guard control;
    private final Guard data;
    private final FailureLog failures;
    private final EventBus events;
    final Counters counters = new Counters();

    private volatile Settings settings;
    private volatile int atomicSize = 512;
    private volatile int defaultTtl = 1;
    private volatile boolean open;
    private volatile boolean openFailed;
    private volatile String lastFailure;
    private volatile long lastSendFailureLog;

    private final Map<HamUri, Optional<Mapping>> mappings = new ConcurrentHashMap<>();
    /** Set once open has succeeded: from then on, open false means closing. */
    private volatile boolean openedOnce;
    /** The technology's address as last read on the control thread, and when. */
    private volatile String address = "?";
    private volatile long addressReadAt = System.nanoTime() - TimeUnit.DAYS.toNanos(1);
    private final java.util.concurrent.atomic.AtomicReference<CompletableFuture<Void>> addressRefresh = new java.util.concurrent.atomic.AtomicReference<>();
    private static final long ADDRESS_REFRESH_MILLIS = 1000;
    private static final long ADDRESS_WAIT_MILLIS = 100;
    /** Guarded by {@code this}: groups by name, and technology-level reference counts by address. */
    private final Map<HamUri, GroupState> groups = new HashMap<>();
    private final Map<HamUri, Integer> joinedAddresses = new HashMap<>();
    private final Map<HamUri, Integer> registeredAddresses = new HashMap<>();
    /** Snapshot read without locks on the receive path: groups with listeners, by address. */
    private volatile Map<HamUri, GroupState[]> listening = Map.of();

    ManagedInterface(int index, TechnologyInterface tech, String technology, String name, String bundle, InterfaceTraits traits,
            Settings settings, FailureLog failures, EventBus events) {
        this.index = index;
        this.tech = tech;
        this.technology = technology;
        this.name = name;
        this.bundle = bundle;
        this.defaultInterface = traits.defaultInterface();
        this.ranking = traits.ranking();
        this.concurrentSend = traits.concurrentSend();
        this.receiveOnly = traits.receiveOnly();
        this.flowControlled = traits.flowControl();
        this.settings = settings;
        this.failures = failures;
        this.events = events;
        this.control = new Guard("polycast-if" + index + "-" + technology + "-control", 65536);
        this.data = new Guard("polycast-if" + index + "-" + technology + "-send", settings.sendQueueCapacity());
    }

    int index() {
        return index;
    }

    String technology() {
        return technology;
    }

    String name() {
        return name;
    }

    boolean isDefault() {
        return defaultInterface;
    }

    boolean receiveOnly() {
        return receiveOnly;
    }

    int ranking() {
        return ranking;
    }

    TechnologyInterface technologyInterface() {
        return tech;
    }

    int atomicSize() {
        return atomicSize;
    }

    int defaultTtl() {
        return defaultTtl;
    }

    boolean isOpen() {
        return open;
    }

    void updateSettings(Settings s) {
        this.settings = s;
    }

    /** Usable: opened, and no call has overrun its time limit. */
    boolean healthy() {
        return open && !control.isStuck(settings.callTimeoutMillis()) && !data.isStuck(settings.callTimeoutMillis()) && !directSendStuck();
    }

    private boolean directSendStuck() {
        return directSends.get() > 0 && System.nanoTime() - lastDirectSendProgress > TimeUnit.MILLISECONDS.toNanos(settings.callTimeoutMillis());
    }

    /**
     * The Interface's properties. The technology's address is read on its control thread only (the SPI promises one
     * thread and a time limit per call): a snapshot taken at open and refreshed there when older than
     * {@value #ADDRESS_REFRESH_MILLIS} ms; a caller waits at most {@value #ADDRESS_WAIT_MILLIS} ms for the refresh, then
     * takes the snapshot it has.
     */
    InterfaceProperties properties() {
        if (System.nanoTime() - addressReadAt > TimeUnit.MILLISECONDS.toNanos(ADDRESS_REFRESH_MILLIS)) {
            refreshAddress();
        }
        return new InterfaceProperties(index, name, address, technology);
    }

    private void refreshAddress() {
        if (Thread.currentThread() == control.thread()) {
            readAddress();
            return;
        }
        CompletableFuture<Void> running = addressRefresh.get();
        if (running == null) {
            CompletableFuture<Void> started = control.submit("address", () -> {
                readAddress();
                return null;
            });
            running = addressRefresh.compareAndSet(null, started) ? started : addressRefresh.get();
            started.whenComplete((v, e) -> addressRefresh.compareAndSet(started, null));
        }
        if (running != null) {
            try {
                running.get(ADDRESS_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // a busy or hung technology: the snapshot it has will do
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** On the control thread only. */
    private void readAddress() {
        try {
            address = String.valueOf(tech.address());
        } catch (RuntimeException e) {
            address = "?";
        }
        addressReadAt = System.nanoTime();
    }

    /** Opens the technology on its control thread, then runs {@code whenOpen} there. */
    CompletableFuture<Void> open(InboundPath inbound, Runnable whenOpen) {
        return control.<Void>submit("open", () -> {
            tech.open(inbound);
            openedOnce = true;
            readAddress();
            refreshSizes();
            open = true;
            whenOpen.run();
            return null;
        }).whenComplete((v, e) -> {
            if (e != null) {
                openFailed = true;
                failed("open", e);
            }
        });
    }

    void refreshAtomicSize() {
        control.submit("atomicMessageSize", () -> {
            refreshSizes();
            return null;
        });
    }

    private void refreshSizes() {
        int size = tech.atomicMessageSize();
        if (size < FragmentHeader.LENGTH + 1) {
            throw new IllegalStateException("atomic message size " + size + " is too small to carry a fragment");
        }
        atomicSize = size;
        defaultTtl = tech.defaultTtl();
    }

    /** The mapping of a name here, cached; empty if this Interface cannot carry it. */
    Optional<Mapping> mapping(HamUri groupName, MappingResolver resolver) {
        Optional<Mapping> m = mappings.get(groupName);
        if (m == null) {
            m = resolver.resolve(groupName, this);
            mappings.put(groupName, m);
        }
        return m;
    }

    void clearMappingCache() {
        mappings.clear();
    }

    /** The technology's own mapping, guarded. */
    Optional<HamUri> defaultMapping(HamUri groupName) {
        try {
            Optional<HamUri> a = callOnControl("map " + groupName, () -> tech.map(groupName));
            return a == null ? Optional.empty() : a;
        } catch (Guard.CallFailedException e) {
            failed("map " + groupName, e);
            return Optional.empty();
        }
    }

    /** A guarded call; runs directly when already on this Interface's control thread. */
    <T> T callOnControl(String operation, java.util.concurrent.Callable<T> call) throws Guard.CallFailedException {
        if (Thread.currentThread() == control.thread()) {
            try {
                return call.call();
            } catch (Exception e) {
                throw new Guard.CallFailedException(e.toString(), e);
            }
        }
        if (control.isStuck(settings.callTimeoutMillis())) {
            throw new Guard.CallFailedException("interface is not answering (" + control.currentOperation() + " is still running)", null);
        }
        return control.call(operation, call, settings.callTimeoutMillis());
    }

    // ---- memberships ------------------------------------------------------------------------

    /** Adds a listening socket; joins the address at the technology when it is the first. */
    synchronized CompletableFuture<Void> addListener(SocketImpl socket, HamUri groupName, Mapping mapping) {
        GroupState g = groups.computeIfAbsent(groupName, n -> new GroupState(n, mapping));
        boolean firstForName = g.listeners.isEmpty();
        if (!g.listeners.add(socket)) {
            return CompletableFuture.completedFuture(null);
        }
        rebuildListening();
        HamUri address = g.mapping.address();
        CompletableFuture<Void> done = joinedAddresses.merge(address, 1, Integer::sum) == 1
                ? guarded("join " + address, () -> tech.join(address))
                : CompletableFuture.completedFuture(null);
        if (firstForName) {
            done = done.thenRun(() -> events.publish(new MembershipEvent(MembershipEventType.JOIN, groupName, index, null)));
        }
        return done;
    }

    /** Whether the socket listens to the name here. */
    synchronized boolean hasListener(SocketImpl socket, HamUri groupName) {
        GroupState g = groups.get(groupName);
        return g != null && g.listeners.contains(socket);
    }

    /** Removes a listening socket; leaves the address at the technology when it was the last. */
    synchronized CompletableFuture<Void> removeListener(SocketImpl socket, HamUri groupName) {
        GroupState g = groups.get(groupName);
        if (g == null || !g.listeners.remove(socket)) {
            return CompletableFuture.completedFuture(null);
        }
        rebuildListening();
        HamUri address = g.mapping.address();
        CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
        if (joinedAddresses.merge(address, -1, Integer::sum) == 0) {
            joinedAddresses.remove(address);
            done = guarded("leave " + address, () -> tech.leave(address));
        }
        if (g.listeners.isEmpty()) {
            done = done.handle((v, e) -> null);
            done = done.thenRun(() -> events.publish(new MembershipEvent(MembershipEventType.LEAVE, groupName, index, null)));
        }
        dropIfUnused(g);
        return done;
    }

    /** Adds a sending socket (srcRegister, or a first send); registers the source when {@code register}. */
    synchronized CompletableFuture<Void> addSender(SocketImpl socket, HamUri groupName, Mapping mapping, boolean register) {
        GroupState g = groups.computeIfAbsent(groupName, n -> new GroupState(n, mapping));
        g.senders.add(socket);
        if (!register) {
            return CompletableFuture.completedFuture(null);
        }
        HamUri address = g.mapping.address();
        return registeredAddresses.merge(address, 1, Integer::sum) == 1
                ? guarded("registerSource " + address, () -> tech.registerSource(address))
                : CompletableFuture.completedFuture(null);
    }

    synchronized CompletableFuture<Void> removeSender(SocketImpl socket, HamUri groupName, boolean registered) {
        GroupState g = groups.get(groupName);
        if (g == null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
        if (registered) {
            HamUri address = g.mapping.address();
            Integer refs = registeredAddresses.merge(address, -1, Integer::sum);
            if (refs != null && refs <= 0) {
                registeredAddresses.remove(address);
                done = guarded("deregisterSource " + address, () -> tech.deregisterSource(address));
            }
        }
        g.senders.remove(socket);
        dropIfUnused(g);
        return done;
    }

    synchronized java.util.List<org.polycast.api.GroupSetEntry> groupSet() {
        java.util.List<org.polycast.api.GroupSetEntry> entries = new ArrayList<>();
        for (GroupState g : groups.values()) {
            if (!g.unused()) {
                entries.add(new org.polycast.api.GroupSetEntry(g.name,
                        org.polycast.api.GroupRole.of(!g.listeners.isEmpty(), !g.senders.isEmpty())));
            }
        }
        entries.sort(java.util.Comparator.comparing(org.polycast.api.GroupSetEntry::groupName));
        return entries;
    }

    synchronized GroupState group(HamUri groupName) {
        return groups.get(groupName);
    }

    private void dropIfUnused(GroupState g) {
        if (g.unused()) {
            groups.remove(g.name);
        }
    }

    private void rebuildListening() {
        Map<HamUri, List<GroupState>> byAddress = new HashMap<>();
        for (GroupState g : groups.values()) {
            if (!g.listeners.isEmpty()) {
                byAddress.computeIfAbsent(g.mapping.address(), a -> new ArrayList<>()).add(g);
            }
        }
        Map<HamUri, GroupState[]> next = new HashMap<>();
        byAddress.forEach((a, l) -> next.put(a, l.toArray(new GroupState[0])));
        listening = next;
    }

    /** Groups listening on an address; lock-free, for the receive path. */
    GroupState[] listeningOn(HamUri address) {
        return listening.get(address);
    }

    /** Names with listeners, for LEAVE events when the Interface goes away. */
    synchronized List<HamUri> listenedNames() {
        List<HamUri> names = new ArrayList<>();
        for (GroupState g : groups.values()) {
            if (!g.listeners.isEmpty()) {
                names.add(g.name);
            }
        }
        return names;
    }

    private interface TechCall {
        void run() throws Exception;
    }

    private CompletableFuture<Void> guarded(String operation, TechCall call) {
        if (control.isStuck(settings.callTimeoutMillis())) {
            failed(operation, new IllegalStateException("interface is not answering (" + control.currentOperation() + " is still running)"));
            return CompletableFuture.failedFuture(new IllegalStateException("interface " + index + " is not answering"));
        }
        return control.<Void>submit(operation, () -> {
            call.run();
            return null;
        }).orTimeout(settings.callTimeoutMillis(), TimeUnit.MILLISECONDS).whenComplete((v, e) -> {
            if (e != null) {
                failed(operation, e);
            }
        });
    }

    // ---- sending ----------------------------------------------------------------------------

    /**
     * Sends {@code bytes[offset..offset+length)}, fragmented to this Interface's atomic size. A technology with
     * {@link TechnologyInterface#CONCURRENT_SEND} gets the caller's array itself, during the call (the SPI says the buffer is
     * valid only then), on the caller's thread; a queued send works on a copy and waits for room in the queue at most the
     * call time limit. A technology whose flow control refuses a datagram holds the sender back up to {@code sendBlockMillis}.
     */
    SendOutcome send(GroupState group, byte[] bytes, int offset, int length, int ttl, long senderId, int messageId) {
        if (!healthy()) {
            countSendFailure(group, "interface " + index + " is " + (open ? "not answering" : "not open"));
            return SendOutcome.FAILED;
        }
        HamUri address = group.mapping.address();
        if (concurrentSend) {
            return sendDirect(group, address, Fragmenter.split(bytes, offset, length, atomicSize, senderId, messageId), length, ttl);
        }
        byte[] message = java.util.Arrays.copyOfRange(bytes, offset, offset + length);
        List<ByteBuffer> datagrams = Fragmenter.split(message, atomicSize, senderId, messageId);
        Runnable task = () -> {
            SendOutcome outcome = sendAll(group, address, datagrams, ttl, false);
            if (outcome == SendOutcome.ACCEPTED) {
                sentCounted(group, message.length, datagrams);
            }
        };
        try {
            if (data.offer(task, settings.callTimeoutMillis())) {
                return SendOutcome.ACCEPTED;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        countSendFailure(group, "send queue of interface " + index + " stayed full for " + settings.callTimeoutMillis() + " ms");
        counters.dropped.increment();
        return SendOutcome.FAILED;
    }

    /** Sends on the caller's thread, for technologies whose send is thread-safe and non-blocking. */
    private SendOutcome sendDirect(GroupState group, HamUri address, List<ByteBuffer> datagrams, int length, int ttl) {
        SendOutcome outcome = sendAll(group, address, datagrams, ttl, true);
        if (outcome == SendOutcome.ACCEPTED) {
            sentCounted(group, length, datagrams);
        }
        return outcome;
    }

    /**
     * Hands each datagram to the technology; one it refuses for flow control is offered again when it says it has room,
     * until {@code sendBlockMillis} have passed. {@code direct}: on the caller's thread, so each call is timed for health.
     */
    private SendOutcome sendAll(GroupState group, HamUri address, List<ByteBuffer> datagrams, int ttl, boolean direct) {
        long deadline = 0;
        for (int i = 0; i < datagrams.size();) {
            ByteBuffer d = direct ? datagrams.get(i) : datagrams.get(i).duplicate();
            long signals = sendSpace.signals();
            try {
                if (direct) {
                    directSends.incrementAndGet();
                }
                try {
                    tech.send(address, d, ttl);
                } finally {
                    if (direct) {
                        lastDirectSendProgress = System.nanoTime();
                        directSends.decrementAndGet();
                    }
                }
                i++;
            } catch (SendBufferFullException full) {
                flowControlled = true;
                long now = System.nanoTime();
                if (deadline == 0) {
                    deadline = now + TimeUnit.MILLISECONDS.toNanos(settings.sendBlockMillis());
                    counters.sendsHeldBack.increment();
                }
                if (!sendSpace.await(signals, deadline)) {
                    counters.sendTimeouts.increment();
                    group.counters.sendTimeouts.increment();
                    countSendFailure(group, "flow control held a message to " + address + " back for " + settings.sendBlockMillis() + " ms: "
                            + full.getMessage());
                    return SendOutcome.HELD_BACK;
                }
            } catch (Exception | LinkageError e) {
                countSendFailure(group, "send to " + address + ": " + e);
                return SendOutcome.FAILED;
            }
        }
        return SendOutcome.ACCEPTED;
    }

    private void sentCounted(GroupState group, int length, List<ByteBuffer> datagrams) {
        counters.sent(length);
        group.counters.sent(length);
        if (datagrams.size() > 1 || length != datagrams.get(0).remaining()) {
            counters.fragmentsSent.add(datagrams.size());
            group.counters.fragmentsSent.add(datagrams.size());
        }
    }

    /** Whether the technology has held a send back for flow control (so a socket offers it a message before the others). */
    boolean flowControlled() {
        return flowControlled;
    }

    /** The technology has room again after refusing a datagram ({@link InboundPath#sendBufferAvailable()}). */
    void sendBufferAvailable() {
        sendSpace.signal();
    }

    private void countSendFailure(GroupState group, String reason) {
        counters.sendFailures.increment();
        group.counters.sendFailures.increment();
        lastFailure = reason;
        long now = System.nanoTime();
        if (now - lastSendFailureLog > 1_000_000_000L) { // one report a second at most: a flood of failed sends is one problem
            lastSendFailureLog = now;
            failures.record(index, technology, "send", reason);
        }
    }

    void failed(String operation, Throwable e) {
        if (!open && openedOnce && !operation.equals("close")) {
            // The Interface is being removed (its bundle stops): calls caught by that are not the technology's failures.
            return;
        }
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        String message = cause instanceof java.util.concurrent.TimeoutException
                ? "did not return within " + settings.callTimeoutMillis() + " ms"
                : cause.getClass().getSimpleName() + (cause.getMessage() != null ? ": " + cause.getMessage() : "");
        lastFailure = operation + ": " + message;
        failures.record(index, technology, operation, message);
    }

    // ---- service calls and shutdown ---------------------------------------------------------

    /** Closes the technology (bounded wait, off the caller's thread) and then the worker threads. */
    void close() {
        open = false;
        CompletableFuture<Object> closing = control.submit("close", () -> {
            tech.close();
            return null;
        });
        closing.orTimeout(settings.callTimeoutMillis(), TimeUnit.MILLISECONDS).whenComplete((v, e) -> {
            if (e != null) {
                failed("close", e);
            }
            data.close();
            control.close();
        });
    }

    boolean threadsAlive() {
        return control.thread().isAlive() || data.thread().isAlive();
    }

    synchronized InterfaceDTO toDTO() {
        InterfaceDTO d = new InterfaceDTO();
        InterfaceProperties p = properties();
        d.index = index;
        d.name = name;
        d.address = p.address();
        d.technology = technology;
        d.bundle = bundle;
        d.state = healthy() ? InterfaceDTO.STATE_UP : open || openFailed ? InterfaceDTO.STATE_FAILED : InterfaceDTO.STATE_OPENING;
        d.defaultInterface = defaultInterface;
        d.atomicMessageSize = atomicSize;
        d.defaultTtl = defaultTtl;
        d.failure = lastFailure;
        d.groups = groups.values().stream().map(GroupState::toDTO).sorted((a, b) -> a.name.compareTo(b.name)).toArray(GroupDTO[]::new);
        d.counters = counters.toDTO();
        return d;
    }
}
