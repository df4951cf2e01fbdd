package org.polycast.core.internal;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.polycast.api.EventRegistration;
import org.polycast.api.GroupSetEntry;
import org.polycast.api.HamUri;
import org.polycast.api.InterfaceProperties;
import org.polycast.api.MembershipEvent;
import org.polycast.api.MembershipEventType;
import org.polycast.api.MembershipListener;
import org.polycast.api.MulticastException;
import org.polycast.api.MulticastService;
import org.polycast.api.MulticastSocket;
import org.polycast.api.NoSuchInterfaceException;
import org.polycast.api.runtime.PolycastRuntime;
import org.polycast.api.runtime.dto.InterfaceDTO;
import org.polycast.api.runtime.dto.MappingDTO;
import org.polycast.api.runtime.dto.RuntimeDTO;
import org.polycast.api.runtime.dto.SocketDTO;
import org.polycast.api.spi.NameMapper;
import org.polycast.api.spi.NamespaceHandler;
import org.polycast.api.spi.TechnologyInterface;

/**
 * The middleware engine: the Interface table, the sockets, mapping, events and introspection.
 * Plain Java, so that it runs in unit tests without a framework; {@link PolycastCore} binds it to
 * the service registry.
 */
final class Middleware implements MulticastService, PolycastRuntime {
    private final CoreLog log;
    private final int maxMessageSize;
    private volatile Settings settings;
    private final FailureLog failures;
    private final EventBus events;
    private final MappingResolver resolver;
    private final NamespaceRegistry namespaces;
    private static final SecureRandom RANDOM = new SecureRandom();
    private final long senderId = RANDOM.nextLong();
    private final AtomicInteger messageIds = new AtomicInteger(RANDOM.nextInt());
    private final AtomicLong socketIds = new AtomicLong();
    /** Counts mapping changes (mapping services came or went), so that sockets know when cached send plans are stale. */
    private final AtomicLong mappingEpoch = new AtomicLong();
    /** Attaches newly opened Interfaces to sockets, off the technologies' threads. */
    private final ExecutorService lifecycle = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "polycast-lifecycle");
        t.setDaemon(true);
        return t;
    });

    /** Runs the sockets' message listeners (a task per socket with messages waiting; see ListenerDrain); idle threads end. */
    private final ExecutorService listenerPool = Executors.newCachedThreadPool(new java.util.concurrent.ThreadFactory() {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "polycast-listener-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    });

    /** Guarded by {@code this}. */
    private final Map<String, Integer> indexByKey = new HashMap<>();
    private int nextIndex = 1;
    private final Map<Integer, ManagedInterface> interfaces = new TreeMap<>();
    private final Map<TechnologyInterface, ManagedInterface> byService = new IdentityHashMap<>();
    private final Map<ManagedInterface, InboundPath> inbound = new IdentityHashMap<>();
    private final Set<SocketImpl> sockets = new LinkedHashSet<>();
    private boolean closed;

    Middleware(Settings settings, CoreLog log) {
        this.settings = settings;
        this.maxMessageSize = settings.maxMessageSize();
        this.log = log;
        this.failures = new FailureLog(log);
        this.events = new EventBus(log);
        this.resolver = new MappingResolver(failures, settings.callTimeoutMillis(), this::clearMappingCaches);
        this.namespaces = new NamespaceRegistry(CoreDefaults.REQUIRED_NAMESPACE_HANDLERS, settings.callTimeoutMillis());
        events.namer(resolver::unmap);
    }

    Settings settings() {
        return settings;
    }

    MappingResolver resolver() {
        return resolver;
    }

    long senderId() {
        return senderId;
    }

    int nextMessageId() {
        return messageIds.incrementAndGet();
    }

    List<SelectionPolicy.Target> select(List<SelectionPolicy.Target> candidates) {
        Settings s = settings;
        return SelectionPolicy.select(s.selection(), s.technologyPreference(), candidates);
    }

    /** Applies new settings; the maximum message size stays as it was at start (RFC 7046 3.7: it is static). */
    void updateSettings(Settings next) {
        Settings kept = next.withMaxMessageSize(maxMessageSize);
        if (next.maxMessageSize() != maxMessageSize) {
            log.warn("maxMessageSize changes take effect at the next start of the core; keeping " + maxMessageSize);
        }
        settings = kept;
        resolver.setTimeout(kept.callTimeoutMillis());
        namespaces.configure(namespaces.required(), kept.callTimeoutMillis());
        synchronized (this) {
            interfaces.values().forEach(i -> i.updateSettings(kept));
        }
    }

    // ---- technologies come and go ----------------------------------------------------------

    /** A technology Interface service appeared: register it, open it, and give it to sockets once open. */
    void addInterface(TechnologyInterface tech, Map<String, Object> properties, String bundle) {
        Object technologyProperty = properties.get(TechnologyInterface.TECHNOLOGY);
        if (!(technologyProperty instanceof String technology) || technology.isBlank()) {
            failures.record(0, "?", "register " + tech.getClass().getName(),
                    "service has no '" + TechnologyInterface.TECHNOLOGY + "' property; ignored");
            return;
        }
        Object nameProperty = properties.get(TechnologyInterface.INTERFACE_NAME);
        String name = nameProperty instanceof String n && !n.isBlank() ? n : technology + "#" + properties.get("service.id");
        InterfaceTraits traits = InterfaceTraits.from(properties);
        ManagedInterface mi;
        synchronized (this) {
            if (closed || byService.containsKey(tech)) {
                return;
            }
            String key = technology + "/" + name;
            Integer index = indexByKey.get(key);
            if (index == null || interfaces.containsKey(index)) {
                index = nextIndex++;
                if (!indexByKey.containsKey(key)) {
                    indexByKey.put(key, index);
                }
            }
            mi = new ManagedInterface(index, tech, technology, name, bundle, traits, settings, failures, events);
            InboundPath in = new InboundPath(mi, settings, events, log);
            interfaces.put(index, mi);
            byService.put(tech, mi);
            inbound.put(mi, in);
            mi.open(in, () -> lifecycle.execute(() -> attach(mi)));
        }
        log.info("interface " + mi.index() + " (" + technology + " " + name + ") registered");
    }

    private void attach(ManagedInterface mi) {
        // Mapping a name may ask mapping services (each call guarded up to callTimeoutMillis) and then the technology:
        // done here, outside the monitor, it fills the Interface's mapping cache, and gain() below finds every answer
        // there, so that createSocket(), interfaces() and the others never wait for a mapper.
        List<SocketImpl> current;
        synchronized (this) {
            if (interfaces.get(mi.index()) != mi) {
                return;
            }
            current = new ArrayList<>(sockets);
        }
        Set<HamUri> names = new java.util.LinkedHashSet<>();
        for (SocketImpl s : current) {
            names.addAll(s.namesToMap(mi));
        }
        for (HamUri n : names) {
            mi.mapping(n, resolver);
        }
        synchronized (this) {
            if (interfaces.get(mi.index()) != mi) {
                return;
            }
            for (SocketImpl s : sockets) {
                s.gain(mi);
            }
        }
        log.info("interface " + mi.index() + " (" + mi.technology() + " " + mi.name() + ") is up");
    }

    /** A technology Interface service went away: sockets drop it, listeners get LEAVE events. */
    void removeInterface(TechnologyInterface tech) {
        ManagedInterface mi;
        List<HamUri> names;
        synchronized (this) {
            mi = byService.remove(tech);
            if (mi == null) {
                return;
            }
            interfaces.remove(mi.index());
            for (SocketImpl s : sockets) {
                s.lose(mi);
            }
            names = mi.listenedNames();
            inbound.remove(mi).close();
        }
        mi.close();
        for (HamUri n : names) {
            events.publish(new MembershipEvent(MembershipEventType.LEAVE, n, mi.index(), null));
        }
        log.info("interface " + mi.index() + " (" + mi.technology() + " " + mi.name() + ") removed");
    }

    void addMapper(NameMapper mapper, Map<String, Object> properties) {
        String name = String.valueOf(properties.getOrDefault(NameMapper.MAPPER_NAME, mapper.getClass().getSimpleName()));
        Object t = properties.get(NameMapper.TECHNOLOGIES);
        Set<String> technologies = t instanceof String s ? Set.of(s)
                : t instanceof String[] a ? Set.of(a) : t instanceof Collection<?> c ? Set.copyOf(c.stream().map(String::valueOf).toList()) : Set.of();
        int ranking = properties.get("service.ranking") instanceof Integer r ? r : 0;
        resolver.add(mapper, name, technologies, ranking);
    }

    void removeMapper(NameMapper mapper) {
        resolver.remove(mapper);
    }

    // ---- namespace plugins -------------------------------------------------------------------

    void addNamespaceHandler(NamespaceHandler handler, Map<String, Object> properties) {
        Object ns = properties.get(NamespaceHandler.NAMESPACE);
        if (!(ns instanceof String namespace) || namespace.isBlank()) {
            failures.record(0, "?", "register " + handler.getClass().getName(),
                    "namespace handler has no '" + NamespaceHandler.NAMESPACE + "' property; ignored");
            return;
        }
        String key = namespace.toLowerCase(java.util.Locale.ROOT);
        if (!namespaces.add(key, handler)) {
            failures.record(0, "?", "register " + handler.getClass().getName(), "namespace '" + key + "' already has a handler; ignored");
        } else {
            log.info("namespace '" + key + "' served by " + handler.getClass().getName());
        }
    }

    void removeNamespaceHandler(NamespaceHandler handler) {
        namespaces.remove(handler);
    }

    void configureNamespaces(Collection<String> required) {
        namespaces.configure(required, settings.callTimeoutMillis());
    }

    /** The canonical Group Name of what an application passed (no port or credentials), or a precise exception. */
    HamUri canonicalName(HamUri groupName) {
        return namespaces.canonical(groupName.groupName());
    }

    NamespaceRegistry namespaces() {
        return namespaces;
    }

    private synchronized void clearMappingCaches() {
        interfaces.values().forEach(ManagedInterface::clearMappingCache);
        mappingEpoch.incrementAndGet();
    }

    java.util.concurrent.Executor listenerPool() {
        return listenerPool;
    }

    long mappingEpoch() {
        return mappingEpoch.get();
    }

    synchronized ManagedInterface interfaceOrThrow(int index) {
        ManagedInterface mi = interfaces.get(index);
        if (mi == null || !mi.isOpen()) {
            throw new NoSuchInterfaceException(index);
        }
        return mi;
    }

    synchronized void socketClosed(SocketImpl socket) {
        sockets.remove(socket);
    }

    // ---- MulticastService --------------------------------------------------------------------

    @Override
    public MulticastSocket createSocket() {
        return createSocket(null, null);
    }

    @Override
    public MulticastSocket createSocket(Collection<Integer> ifIndices) {
        if (ifIndices.isEmpty()) {
            throw new IllegalArgumentException("empty interface list; use createSocket() for the default interfaces");
        }
        return createSocket(null, ifIndices);
    }

    /** A socket opened for {@code owner} (shown to operators), on the default Interfaces if {@code ifIndices} is null. */
    synchronized SocketImpl createSocket(String owner, Collection<Integer> ifIndices) {
        if (ifIndices != null) {
            for (int i : ifIndices) {
                interfaceOrThrow(i);
            }
        }
        return register(new SocketImpl(socketIds.incrementAndGet(), owner, this, ifIndices, settings, log));
    }

    private SocketImpl register(SocketImpl s) {
        if (closed) {
            throw new MulticastException("the Polycast core is stopping");
        }
        sockets.add(s);
        for (ManagedInterface mi : interfaces.values()) {
            if (mi.isOpen()) {
                s.gain(mi);
            }
        }
        return s;
    }

    @Override
    public List<InterfaceProperties> interfaces() {
        List<ManagedInterface> open;
        synchronized (this) {
            open = interfaces.values().stream().filter(ManagedInterface::isOpen).toList();
        }
        return open.stream().map(ManagedInterface::properties).toList();
    }

    @Override
    public List<GroupSetEntry> groupSet(int ifIndex) {
        return interfaceOrThrow(ifIndex).groupSet();
    }

    @Override
    public List<HamUri> neighborSet(int ifIndex) {
        ManagedInterface mi = interfaceOrThrow(ifIndex);
        return serviceCall(mi, "neighborSet", () -> mi.technologyInterface().neighborSet());
    }

    @Override
    public List<HamUri> childrenSet(int ifIndex, HamUri groupName) {
        ManagedInterface mi = interfaceOrThrow(ifIndex);
        Optional<Mapping> m = mi.mapping(groupName.groupName(), resolver);
        return m.isEmpty() ? List.of() : serviceCall(mi, "childrenSet " + groupName, () -> mi.technologyInterface().childrenSet(m.get().address()));
    }

    @Override
    public List<HamUri> parentSet(int ifIndex, HamUri groupName) {
        ManagedInterface mi = interfaceOrThrow(ifIndex);
        Optional<Mapping> m = mi.mapping(groupName.groupName(), resolver);
        return m.isEmpty() ? List.of() : serviceCall(mi, "parentSet " + groupName, () -> mi.technologyInterface().parentSet(m.get().address()));
    }

    @Override
    public boolean designatedHost(int ifIndex, HamUri groupName) {
        ManagedInterface mi = interfaceOrThrow(ifIndex);
        Optional<Mapping> m = mi.mapping(groupName.groupName(), resolver);
        return m.isPresent() && Boolean.TRUE.equals(serviceCall(mi, "designatedHost " + groupName,
                () -> mi.technologyInterface().designatedHost(m.get().address())));
    }

    private <T> T serviceCall(ManagedInterface mi, String operation, java.util.concurrent.Callable<T> call) {
        try {
            T result = mi.callOnControl(operation, call);
            if (result == null) {
                throw new MulticastException(operation + " on interface " + mi.index() + " returned nothing");
            }
            return result;
        } catch (Guard.CallFailedException e) {
            mi.failed(operation, e);
            throw new MulticastException(operation + " on interface " + mi.index() + " (" + mi.technology() + ") failed: " + e.getMessage(), e);
        }
    }

    @Override
    public EventRegistration enableEvents(MembershipListener listener) {
        return events.register(java.util.Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public int getMaxMsgSize() {
        return maxMessageSize;
    }

    // ---- PolycastRuntime ---------------------------------------------------------------------

    @Override
    public RuntimeDTO getRuntimeDTO() {
        List<ManagedInterface> ifs;
        List<SocketImpl> ss;
        synchronized (this) {
            ifs = new ArrayList<>(interfaces.values());
            ss = new ArrayList<>(sockets);
        }
        RuntimeDTO d = new RuntimeDTO();
        d.interfaces = ifs.stream().map(ManagedInterface::toDTO).toArray(InterfaceDTO[]::new);
        d.sockets = ss.stream().map(SocketImpl::toDTO).toArray(SocketDTO[]::new);
        d.failures = failures.snapshot();
        d.maxMessageSize = maxMessageSize;
        d.selectionPolicy = settings.selection().name().toLowerCase(java.util.Locale.ROOT);
        d.counters = Counters.sum(java.util.Arrays.stream(d.interfaces).map(i -> i.counters).toList());
        d.membershipEventsDropped = events.dropped();
        return d;
    }

    @Override
    public List<MappingDTO> map(HamUri groupName) {
        HamUri n = canonicalName(groupName);
        List<ManagedInterface> ifs;
        synchronized (this) {
            ifs = interfaces.values().stream().filter(ManagedInterface::isOpen).toList();
        }
        List<SelectionPolicy.Target> candidates = new ArrayList<>();
        List<MappingDTO> result = new ArrayList<>();
        for (ManagedInterface mi : ifs) {
            MappingDTO d = new MappingDTO();
            d.interfaceIndex = mi.index();
            d.technology = mi.technology();
            d.interfaceName = mi.name();
            Optional<Mapping> m = mi.healthy() ? mi.mapping(n, resolver) : Optional.empty();
            if (m.isPresent()) {
                d.address = m.get().address().toString();
                d.source = m.get().source();
                d.mapper = m.get().mapper();
                if (MappingDTO.SOURCE_DERIVED.equals(d.source)) {
                    List<String> declined = resolver.mapperNames(mi.technology());
                    d.reason = declined.isEmpty() ? "no mapping service for '" + mi.technology() + "': the technology's local deterministic rule"
                            : "mapping service " + String.join(", ", declined) + " gave no address (e.g. its overlay is not joined): the technology's local deterministic rule";
                }
                candidates.add(new SelectionPolicy.Target(mi, m.get()));
            } else {
                d.reason = mi.healthy() ? "the technology cannot carry this name" : "the interface is not answering";
            }
            result.add(d);
        }
        List<SelectionPolicy.Target> chosen = select(candidates);
        for (MappingDTO d : result) {
            d.selected = chosen.stream().anyMatch(t -> t.iface().index() == d.interfaceIndex);
            if (!d.selected && d.address != null) {
                d.reason = (d.reason != null ? d.reason + "; " : "") + "the '" + settings.selection().name().toLowerCase(java.util.Locale.ROOT) + "' policy chose another interface";
            }
        }
        return result;
    }

    // ---- shutdown -------------------------------------------------------------------------------

    void close() {
        List<SocketImpl> open;
        List<ManagedInterface> ifs;
        synchronized (this) {
            closed = true;
            open = new ArrayList<>(sockets);
        }
        for (SocketImpl s : open) {
            s.close();
        }
        synchronized (this) {
            ifs = new ArrayList<>(interfaces.values());
            interfaces.clear();
            byService.clear();
            inbound.values().forEach(InboundPath::close);
            inbound.clear();
        }
        ifs.forEach(ManagedInterface::close);
        resolver.close();
        namespaces.close();
        events.close();
        lifecycle.shutdownNow();
        listenerPool.shutdown(); // no interrupt: that would reach listener code; running tasks find their queues closed
    }

    /** For tests: Interfaces whose worker threads are still alive. */
    synchronized int interfacesWithLiveThreads(Collection<ManagedInterface> ifs) {
        return (int) ifs.stream().filter(ManagedInterface::threadsAlive).count();
    }

    synchronized List<ManagedInterface> managedInterfaces() {
        return new ArrayList<>(interfaces.values());
    }
}
