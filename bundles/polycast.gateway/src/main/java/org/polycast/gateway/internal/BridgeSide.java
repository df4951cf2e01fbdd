package org.polycast.gateway.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.polycast.api.HamUri;
import org.polycast.api.InterfaceProperties;
import org.polycast.api.MessageListener;
import org.polycast.api.MulticastException;
import org.polycast.api.MulticastService;
import org.polycast.api.MulticastSocket;

/**
 * One side of a bridge: a socket on the Interfaces its selector chooses (created once one exists,
 * and given Interfaces that appear later), the groups joined there, and what was sent into it.
 */
final class BridgeSide {
    final String label;
    final InterfaceSelector selector;
    final String domain;
    final EchoFilter echoes;
    private final MulticastService service;
    private final MessageListener listener;
    private final Set<HamUri> joined = new LinkedHashSet<>();
    private MulticastSocket socket;

    BridgeSide(String label, InterfaceSelector selector, String domain, MulticastService service, MessageListener listener, long echoWindowMillis) {
        this.label = label;
        this.selector = selector;
        this.domain = domain;
        this.service = service;
        this.listener = listener;
        this.echoes = new EchoFilter(echoWindowMillis);
    }

    /** Gives the socket every matching Interface present now; creates the socket when the first appears. */
    synchronized void reconcile() {
        List<Integer> matching = service.interfaces().stream().filter(selector::matches).map(InterfaceProperties::index).toList();
        if (matching.isEmpty()) {
            return;
        }
        if (socket == null || !socket.isOpen()) {
            socket = service.createSocket(matching);
            socket.setMessageListener(listener);
            joined.forEach(socket::join);
            return;
        }
        List<Integer> have = socket.getInterfaces();
        for (int i : matching) {
            if (!have.contains(i)) {
                try {
                    socket.addInterface(i);
                } catch (MulticastException e) {
                    // It went away between the listing and now; the next round sees.
                }
            }
        }
    }

    synchronized void join(HamUri name) {
        if (joined.add(name) && socket != null) {
            socket.join(name);
        }
    }

    synchronized void leave(HamUri name) {
        if (joined.remove(name) && socket != null) {
            socket.leave(name);
        }
    }

    /** True if this side has an Interface of the event's index. */
    synchronized boolean owns(int ifIndex) {
        return socket != null && socket.getInterfaces().contains(ifIndex);
    }

    /** Sends into this side; false if it has no Interface yet or no Interface took the message. */
    boolean send(HamUri name, byte[] payload) {
        MulticastSocket s;
        synchronized (this) {
            s = socket;
        }
        if (s == null) {
            return false;
        }
        echoes.sent(name.toString(), payload, System.nanoTime());
        try {
            s.send(name, payload);
            return true;
        } catch (MulticastException e) {
            return false;
        }
    }

    synchronized List<Integer> interfaces() {
        return socket == null ? List.of() : socket.getInterfaces();
    }

    synchronized void close() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
