package org.polycast.amt.internal.relay;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;

import org.polycast.amt.internal.wire.AmtFormatException;
import org.polycast.amt.internal.wire.AmtMessage;
import org.polycast.amt.internal.wire.AmtMessage.MembershipQuery;
import org.polycast.amt.internal.wire.AmtMessage.MembershipUpdate;
import org.polycast.amt.internal.wire.AmtMessage.MulticastData;
import org.polycast.amt.internal.wire.AmtMessage.RelayAdvertisement;
import org.polycast.amt.internal.wire.AmtMessage.RelayDiscovery;
import org.polycast.amt.internal.wire.AmtMessage.Request;
import org.polycast.amt.internal.wire.AmtMessage.Teardown;
import org.polycast.amt.internal.wire.GroupRecord;
import org.polycast.amt.internal.wire.MembershipReports;
import org.polycast.amt.internal.wire.UdpDatagram;

/**
 * The relay's protocol logic (RFC 7450 section 5.3), free of sockets so that it can be driven in
 * memory: Discovery → Advertisement; Request → Query with a Response MAC and no state; a verified
 * Update creates or refreshes the tunnel and its group filters; the union of all tunnels' filters
 * becomes the upstream subscriptions; native data is replicated to every tunnel that wants it.
 * Control messages are handled under the engine's lock; the data path reads an immutable
 * forwarding table without locking.
 */
final class RelayEngine {
    /** Sends an AMT message to a gateway from one of the relay's local addresses. */
    interface Output {
        void send(AmtMessage message, InetSocketAddress to, InetAddress from);
    }

    /** Joins and leaves upstream; must not block (the component queues the work). */
    interface Upstream {
        void subscribe(SourceGroup channel);

        void unsubscribe(SourceGroup channel);
    }

    /** One tunnel's interest in a group, as the data path sees it. */
    private record Receiver(Tunnel tunnel, boolean exclude, Set<InetAddress> sources) {
        boolean wants(InetAddress source) {
            return exclude != sources.contains(source);
        }
    }

    /** A tunnel as the shell shows it. */
    record TunnelView(InetSocketAddress gateway, InetAddress local, long ageSeconds, List<String> groups) {
    }

    /** Source address of MLD queries: the relay's pseudo-interface has no real link, so a fixed link-local address stands in. */
    static final Inet6Address QUERY_SOURCE_V6 = linkLocal();

    private final RelaySettings settings;
    private final ResponseMac macs;
    private final Output output;
    private final Upstream upstream;
    private final LongSupplier clock;
    private final Function<InetSocketAddress, InetAddress> unicastToward;
    final RelayCounters counters;
    private final Map<InetSocketAddress, Tunnel> tunnels = new LinkedHashMap<>();
    private final Set<SourceGroup> subscribed = new HashSet<>();
    private volatile Map<InetAddress, Receiver[]> forwarding = Map.of();
    private final AnswerLimiter limiter;

    /**
     * @param unicastToward the relay's unicast address that routes to a gateway, advertised when no address is configured
     *                      for the family
     */
    RelayEngine(RelaySettings settings, ResponseMac macs, Output output, Upstream upstream, LongSupplier clock,
            Function<InetSocketAddress, InetAddress> unicastToward, RelayCounters counters) {
        this.settings = settings;
        this.counters = counters;
        this.macs = macs;
        this.output = output;
        this.upstream = upstream;
        this.clock = clock;
        this.unicastToward = unicastToward;
        this.limiter = new AnswerLimiter(settings.answersPerSecondPerSource(), settings.answersPerSecond(), clock.getAsLong());
    }

    /** Handles one received control message; {@code local} is the relay address it was sent to. */
    synchronized void received(AmtMessage message, InetSocketAddress from, InetAddress local) {
        if ((message instanceof RelayDiscovery || message instanceof Request) && !limiter.allow(from.getAddress(), clock.getAsLong())) {
            counters.rateLimited.increment(); // an answer would reflect (and amplify) a flood toward a forged source
            return;
        }
        if (message instanceof RelayDiscovery d) {
            counters.discoveries.increment();
            InetAddress relay = advertised(from, local);
            if (relay != null) {
                // Sent from the address the Discovery went to (perhaps the anycast address), naming the unicast one.
                output.send(new RelayAdvertisement(d.nonce(), relay), from, local);
            }
        } else if (message instanceof Request r) {
            counters.requests.increment();
            query(r, from, local);
        } else if (message instanceof MembershipUpdate u) {
            update(u, from, local);
        } else if (message instanceof Teardown t) {
            teardown(t);
        } else {
            counters.unexpected.increment(); // Advertisements, Queries and Data travel the other way
        }
    }

    private InetAddress advertised(InetSocketAddress gateway, InetAddress local) {
        boolean v4 = local instanceof Inet4Address;
        for (InetAddress a : settings.advertisedAddresses()) {
            if ((a instanceof Inet4Address) == v4) {
                return a;
            }
        }
        if (!isAnycast(local) && !local.isAnyLocalAddress()) {
            return local;
        }
        return unicastToward.apply(gateway);
    }

    /**
     * Groups that never leave a link: IPv4 224.0.0.0/24 (RFC 5771, Local Network Control Block), IPv6 scopes 0 (reserved),
     * 1 (interface-local) and 2 (link-local) of RFC 4291 section 2.7.
     */
    static boolean isLinkScope(InetAddress group) {
        byte[] b = group.getAddress();
        if (b.length == 4) {
            return (b[0] & 0xff) == 224 && b[1] == 0 && b[2] == 0;
        }
        int scope = b[1] & 0x0f;
        return (b[0] & 0xff) == 0xff && scope <= 2;
    }

    /** RFC 7450 section 7: 192.52.193.0/24 and 2001:3::/32. */
    static boolean isAnycast(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length == 4) {
            return (b[0] & 0xff) == 192 && (b[1] & 0xff) == 52 && (b[2] & 0xff) == 193;
        }
        return b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 3;
    }

    private void query(Request r, InetSocketAddress from, InetAddress local) {
        long mac = macs.compute(macs.current(), from, r.nonce());
        boolean limit = tunnels.size() >= settings.maxTunnels() && !tunnels.containsKey(from);
        byte[] query = r.ipv6Query() ? settings.query().mldv2(QUERY_SOURCE_V6)
                : settings.query().igmpv3(local instanceof Inet4Address v4 && !local.isAnyLocalAddress() ? v4 : ipv4Any());
        // Without the gateway fields unless configured: the Linux gateway drops a Query with G set (its reserved bits), and
        // no gateway needs them to work (they only let one see its address as the relay sees it, behind a NAT).
        output.send(new MembershipQuery(limit, mac, r.nonce(), query, settings.queryCarriesGatewayAddress() ? from : null), from, local);
    }

    private void update(MembershipUpdate u, InetSocketAddress from, InetAddress local) {
        Tunnel tunnel = tunnels.get(from);
        ResponseMac.Key key = macs.verify(u.mac(), from, u.nonce(), macs.current(), macs.previous(), tunnel != null ? tunnel.key : null);
        if (key == null) {
            counters.badMac.increment(); // forged, stale, or from another address or port than the Request
            return;
        }
        List<GroupRecord> records;
        try {
            records = MembershipReports.parse(u.report());
        } catch (AmtFormatException e) {
            counters.malformed.increment();
            return;
        }
        long now = clock.getAsLong();
        if (tunnel == null) {
            if (tunnels.size() >= settings.maxTunnels()) {
                counters.tunnelLimit.increment();
                return;
            }
            tunnel = new Tunnel(from, local, key, u.nonce(), now);
        } else if (!tunnel.acceptNonce(u.nonce())) {
            counters.replayedNonce.increment();
            return;
        }
        counters.updatesAccepted.increment();
        tunnel.lastUpdateMillis = now;
        tunnels.put(from, tunnel);
        long expires = now + settings.membershipMillis();
        for (GroupRecord record : records) {
            if (!record.group().isMulticastAddress()) {
                counters.malformed.increment();
                continue;
            }
            if (isLinkScope(record.group())) {
                // A gateway's own link-scope groups (its solicited-node address, all-hosts): never forwarded, so never joined upstream.
                counters.linkScope.increment();
                continue;
            }
            GroupFilter filter = tunnel.groups.get(record.group());
            if (filter == null) {
                if (tunnel.groups.size() >= settings.maxGroupsPerTunnel()) {
                    counters.groupLimit.increment();
                    continue;
                }
                filter = new GroupFilter();
            }
            if (filter.apply(record, expires, settings.maxSourcesPerGroup())) {
                tunnel.groups.put(record.group(), filter);
            } else {
                tunnel.groups.remove(record.group());
            }
        }
        rebuild();
    }

    private void teardown(Teardown t) {
        Tunnel tunnel = tunnels.get(t.gateway());
        if (tunnel == null) {
            return;
        }
        if (macs.verify(t.mac(), t.gateway(), t.nonce(), macs.current(), macs.previous(), tunnel.key) == null) {
            counters.badMac.increment();
            return;
        }
        counters.teardowns.increment();
        tunnels.remove(t.gateway());
        rebuild();
    }

    /** Drops expired group filters and tunnels without groups whose last Update is older than the membership interval. */
    synchronized void expire() {
        long now = clock.getAsLong();
        boolean changed = false;
        for (Iterator<Tunnel> it = tunnels.values().iterator(); it.hasNext();) {
            Tunnel t = it.next();
            changed |= t.groups.values().removeIf(f -> f.expiresAtMillis() <= now);
            if (t.groups.isEmpty() && now - t.lastUpdateMillis >= settings.membershipMillis()) {
                it.remove();
                changed = true;
            }
        }
        if (changed) {
            rebuild();
        }
    }

    /** Recomputes the forwarding table and brings the upstream subscriptions in line with it. */
    private void rebuild() {
        Map<InetAddress, List<Receiver>> table = new HashMap<>();
        Set<SourceGroup> wanted = new HashSet<>();
        for (Tunnel t : tunnels.values()) {
            for (Map.Entry<InetAddress, GroupFilter> e : t.groups.entrySet()) {
                GroupFilter f = e.getValue();
                table.computeIfAbsent(e.getKey(), g -> new ArrayList<>()).add(new Receiver(t, f.exclude(), f.sources()));
                if (f.exclude()) {
                    wanted.add(new SourceGroup(null, e.getKey()));
                } else {
                    f.sources().forEach(s -> wanted.add(new SourceGroup(s, e.getKey())));
                }
            }
        }
        Map<InetAddress, Receiver[]> next = new HashMap<>();
        table.forEach((g, list) -> next.put(g, list.toArray(new Receiver[0])));
        forwarding = Map.copyOf(next);
        for (SourceGroup sg : wanted) {
            if (subscribed.add(sg)) {
                upstream.subscribe(sg);
            }
        }
        for (Iterator<SourceGroup> it = subscribed.iterator(); it.hasNext();) {
            SourceGroup sg = it.next();
            if (!wanted.contains(sg)) {
                it.remove();
                upstream.unsubscribe(sg);
            }
        }
    }

    /**
     * Replicates one native datagram to the tunnels that want it. {@code sourceSpecific} says whether it
     * arrived through an (S,G) subscription or a (*,G) one: a datagram arrives once per subscription
     * it matches, so each copy serves only the tunnels of its own kind (INCLUDE or EXCLUDE).
     */
    void forward(InetAddress source, int sourcePort, InetAddress group, int port, boolean sourceSpecific, byte[] payload) {
        counters.dataIn.increment();
        Receiver[] receivers = forwarding.get(group);
        if (receivers == null) {
            return;
        }
        if (payload.length > UdpDatagram.maxPayload(group)) {
            counters.dataTooLarge.increment();
            return;
        }
        MulticastData data = null;
        for (Receiver r : receivers) {
            if (r.exclude() != sourceSpecific && r.wants(source)) {
                if (data == null) {
                    data = new MulticastData(UdpDatagram.build(source, sourcePort, group, port, payload, 0, payload.length));
                }
                output.send(data, r.tunnel().gateway, r.tunnel().local);
                counters.dataOut.increment();
            }
        }
    }

    synchronized List<TunnelView> tunnels() {
        long now = clock.getAsLong();
        List<TunnelView> views = new ArrayList<>();
        for (Tunnel t : tunnels.values()) {
            List<String> groups = new ArrayList<>();
            t.groups.forEach((g, f) -> groups.add((f.exclude() ? "EXCLUDE" : "INCLUDE") + " " + g.getHostAddress()
                    + " " + f.sources().stream().map(InetAddress::getHostAddress).sorted().toList()));
            views.add(new TunnelView(t.gateway, t.local, (now - t.createdMillis) / 1000, groups));
        }
        return views;
    }

    synchronized Set<SourceGroup> subscriptions() {
        return Set.copyOf(subscribed);
    }

    private static Inet4Address ipv4Any() {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[4]);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Inet6Address linkLocal() {
        try {
            return (Inet6Address) InetAddress.getByAddress(new byte[] {(byte) 0xfe, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x22, 0x68});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
