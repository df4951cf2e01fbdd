package org.polycast.itest.netns;

/**
 * A minimal authoritative DNS server in Python (standard library only) that publishes one RFC 8777
 * AMTRELAY record: precedence 10, D=0, relay type 1 (IPv4), for the reverse name of a source; every
 * other question gets an empty answer. Arguments: listen address, the source, the relay.
 */
final class AmtRelayDnsServer {
    private AmtRelayDnsServer() {
    }

    static final String SCRIPT = String.join("\n",
            "import socket, struct, sys",
            "listen, source, relay = sys.argv[1], sys.argv[2], sys.argv[3]",
            "wanted = '.'.join(reversed(source.split('.'))) + '.in-addr.arpa'",
            "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
            "s.bind((listen, 53))",
            "print('dns ready', flush=True)",
            "while True:",
            "    q, peer = s.recvfrom(4096)",
            "    i, labels = 12, []",
            "    while q[i]:",
            "        labels.append(q[i + 1:i + 1 + q[i]].decode()); i += 1 + q[i]",
            "    qtype = struct.unpack('!H', q[i + 1:i + 3])[0]",
            "    question = q[12:i + 5]",
            "    name = '.'.join(labels).lower()",
            "    answers = b''",
            "    if name == wanted and qtype == 260:",
            "        rdata = bytes([10, 1]) + socket.inet_aton(relay)",
            "        answers = struct.pack('!HHHIH', 0xc00c, 260, 1, 60, len(rdata)) + rdata",
            "    header = struct.pack('!HHHHHH', struct.unpack('!H', q[:2])[0], 0x8580, 1, 1 if answers else 0, 0, 0)",
            "    s.sendto(header + question + answers, peer)",
            "    print('answered %s type %d' % (name, qtype), flush=True)");
}
