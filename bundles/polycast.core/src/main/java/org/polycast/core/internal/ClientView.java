package org.polycast.core.internal;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.polycast.api.EventRegistration;
import org.polycast.api.GroupSetEntry;
import org.polycast.api.HamUri;
import org.polycast.api.InterfaceProperties;
import org.polycast.api.MembershipListener;
import org.polycast.api.MulticastException;
import org.polycast.api.MulticastService;
import org.polycast.api.MulticastSocket;

/**
 * One client bundle's view of the core (the service is bundle-scoped): what the bundle opens through it, sockets with
 * their joins, source registrations and listeners, and event registrations, is closed when the bundle lets go of the
 * service, as the framework does when the bundle stops or is uninstalled.
 */
final class ClientView implements MulticastService {
    private final Middleware core;
    private final String client;
    private final Set<SocketImpl> sockets = ConcurrentHashMap.newKeySet();
    private final Set<EventRegistration> registrations = ConcurrentHashMap.newKeySet();
    private volatile boolean released;

    ClientView(Middleware core, String client) {
        this.core = core;
        this.client = client;
    }

    @Override
    public MulticastSocket createSocket() {
        return track(core.createSocket(client, null));
    }

    @Override
    public MulticastSocket createSocket(Collection<Integer> ifIndices) {
        if (ifIndices.isEmpty()) {
            throw new IllegalArgumentException("empty interface list; use createSocket() for the default interfaces");
        }
        return track(core.createSocket(client, ifIndices));
    }

    private MulticastSocket track(SocketImpl s) {
        sockets.removeIf(SocketImpl::isClosed); // sockets the client closed itself
        sockets.add(s);
        if (released) {
            s.close();
            throw new MulticastException("the Polycast service of bundle " + client + " was released (the bundle stopped)");
        }
        return s;
    }

    @Override
    public EventRegistration enableEvents(MembershipListener listener) {
        EventRegistration inner = core.enableEvents(listener);
        EventRegistration outer = new EventRegistration() {
            @Override
            public void close() {
                registrations.remove(this);
                inner.close();
            }
        };
        registrations.add(outer);
        if (released) {
            outer.close();
            throw new MulticastException("the Polycast service of bundle " + client + " was released (the bundle stopped)");
        }
        return outer;
    }

    /** Closes everything the client opened; later calls that would open something fail. */
    void release() {
        released = true;
        for (SocketImpl s : sockets) {
            s.close();
        }
        sockets.clear();
        for (EventRegistration r : registrations) {
            r.close();
        }
    }

    @Override
    public List<InterfaceProperties> interfaces() {
        return core.interfaces();
    }

    @Override
    public List<GroupSetEntry> groupSet(int ifIndex) {
        return core.groupSet(ifIndex);
    }

    @Override
    public List<HamUri> neighborSet(int ifIndex) {
        return core.neighborSet(ifIndex);
    }

    @Override
    public List<HamUri> childrenSet(int ifIndex, HamUri groupName) {
        return core.childrenSet(ifIndex, groupName);
    }

    @Override
    public List<HamUri> parentSet(int ifIndex, HamUri groupName) {
        return core.parentSet(ifIndex, groupName);
    }

    @Override
    public boolean designatedHost(int ifIndex, HamUri groupName) {
        return core.designatedHost(ifIndex, groupName);
    }

    @Override
    public int getMaxMsgSize() {
        return core.getMaxMsgSize();
    }
}
