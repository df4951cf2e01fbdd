package org.polycast.amt.internal.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * DNS Reverse IP AMT Discovery (RFC 8777): the relays that the owner of a multicast source publishes in
 * AMTRELAY records (type 260) at the source's reverse name. dnsjava knows the type only by number,
 * so the RDATA is read here: precedence (8 bits), D bit and relay type (7 bits), then the relay as an
 * IPv4 address (type 1), an IPv6 address (type 2) or a wire-format domain name (type 3, resolved to
 * its addresses). Type 0 says "no relay for this source". Lower precedence first. The only class
 * that touches dnsjava, whose bundle is optional.
 */
final class DriadLookup {
    static final int AMTRELAY = 260;
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private record Entry(int precedence, InetAddress relay) {
    }

    private final Resolver resolver;

    /** @param server a DNS server address, or null for the host's resolvers */
    DriadLookup(InetAddress server) throws UnknownHostException {
        this.resolver = server == null ? null : new SimpleResolver(server);
        if (resolver != null) {
            resolver.setTimeout(TIMEOUT);
        }
    }

    /** The relays for a source, best first; empty if there are none or DNS does not answer. */
    List<InetAddress> relays(InetAddress source) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (Record r : query(ReverseMap.fromAddress(source), AMTRELAY)) {
            byte[] rdata = r.rdataToWireCanonical();
            if (rdata.length < 2) {
                continue;
            }
            int precedence = rdata[0] & 0xff;
            int type = rdata[1] & 0x7f;
            switch (type) {
                case 1, 2 -> {
                    int length = type == 1 ? 4 : 16;
                    if (rdata.length == 2 + length) {
                        byte[] a = new byte[length];
                        System.arraycopy(rdata, 2, a, 0, length);
                        entries.add(new Entry(precedence, InetAddress.getByAddress(a)));
                    }
                }
                case 3 -> {
                    Name relay = new Name(new DNSInput(java.util.Arrays.copyOfRange(rdata, 2, rdata.length)));
                    for (Record a : query(relay, Type.A)) {
                        entries.add(new Entry(precedence, ((ARecord) a).getAddress()));
                    }
                    for (Record a : query(relay, Type.AAAA)) {
                        entries.add(new Entry(precedence, ((AAAARecord) a).getAddress()));
                    }
                }
                default -> {
                    // type 0: the source's owner says no relay carries it; unknown types are skipped
                }
            }
        }
        return entries.stream().sorted(Comparator.comparingInt(Entry::precedence)).map(Entry::relay).distinct().toList();
    }

    /**
     * Stops dnsjava's network thread and removes its JVM shutdown hook, which would otherwise run after this bundle's class
     * loader is gone and fail at exit. dnsjava starts it again on its next query, so other users of the library are not hurt.
     */
    static void release() {
        org.xbill.DNS.NioClient.close();
    }

    private List<Record> query(Name name, int type) {
        Lookup lookup = new Lookup(name, type, DClass.IN);
        lookup.setCache(null); // a relay list must follow the zone, not a cache of this process
        if (resolver != null) {
            lookup.setResolver(resolver);
        }
        Record[] records = lookup.run();
        return lookup.getResult() == Lookup.SUCCESSFUL && records != null ? List.of(records) : List.of();
    }
}
