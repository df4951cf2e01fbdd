package org.polycast.core.internal;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.polycast.api.HamUri;
import org.polycast.api.HamUriSyntaxException;
import org.polycast.api.MulticastException;
import org.polycast.api.NamespaceUnavailableException;
import org.polycast.api.spi.NamespaceHandler;

/**
 * Namespace plugins: puts Group Names of namespaces that have a handler into canonical form
 * (cached, guarded), and refuses names of namespaces that require a handler while none is
 * registered. Names of other namespaces pass unchanged.
 */
final class NamespaceRegistry {
    /** Distinct names remembered per namespace; beyond that the cache starts afresh (names are cheap to canonicalize again). */
    static final int CACHE_LIMIT = 4096;

    private record Handler(NamespaceHandler handler, Guard guard, Map<HamUri, HamUri> canonical) {
    }

    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private volatile Set<String> required;
    private volatile long timeoutMillis;

    NamespaceRegistry(Collection<String> required, long timeoutMillis) {
        this.required = Set.copyOf(required);
        this.timeoutMillis = timeoutMillis;
    }

    void configure(Collection<String> requiredNamespaces, long callTimeoutMillis) {
        this.required = Set.copyOf(requiredNamespaces);
        this.timeoutMillis = callTimeoutMillis;
    }

    /** Registers a handler; a second handler for a namespace is refused (returns false). */
    boolean add(String namespace, NamespaceHandler handler) {
        Handler h = new Handler(handler, new Guard("polycast-namespace-" + namespace, 256), new ConcurrentHashMap<>());
        if (handlers.putIfAbsent(namespace, h) != null) {
            h.guard().close();
            return false;
        }
        return true;
    }

    void remove(NamespaceHandler handler) {
        handlers.values().removeIf(h -> {
            if (h.handler() == handler) {
                h.guard().close();
                return true;
            }
            return false;
        });
    }

    /** The namespaces served now, for introspection. */
    Set<String> served() {
        return Set.copyOf(handlers.keySet());
    }

    Set<String> required() {
        return required;
    }

    /**
     * The canonical Group Name.
     *
     * @throws NamespaceUnavailableException if the namespace needs a handler and has none
     * @throws HamUriSyntaxException if the handler finds the name invalid
     * @throws MulticastException if the handler fails or does not answer in time
     */
    HamUri canonical(HamUri groupName) {
        String namespace = groupName.namespace();
        Handler h = handlers.get(namespace);
        if (h == null) {
            if (required.contains(namespace)) {
                throw new NamespaceUnavailableException(namespace, groupName);
            }
            return groupName;
        }
        HamUri known = h.canonical().get(groupName);
        if (known != null) {
            return known;
        }
        HamUri result;
        try {
            result = h.guard().call("canonicalize " + groupName, () -> h.handler().canonicalize(groupName), timeoutMillis);
        } catch (Guard.CallFailedException e) {
            if (e.getCause() instanceof HamUriSyntaxException invalid) {
                throw invalid;
            }
            throw new MulticastException("namespace plugin for '" + namespace + "' failed on " + groupName + ": " + e.getMessage(), e);
        }
        if (result == null || !namespace.equals(result.namespace())) {
            throw new MulticastException("namespace plugin for '" + namespace + "' returned " + result + " for " + groupName);
        }
        result = result.groupName();
        if (h.canonical().size() >= CACHE_LIMIT) {
            h.canonical().clear();
        }
        h.canonical().put(groupName, result);
        h.canonical().putIfAbsent(result, result);
        return result;
    }

    void close() {
        handlers.values().forEach(h -> h.guard().close());
        handlers.clear();
    }
}
