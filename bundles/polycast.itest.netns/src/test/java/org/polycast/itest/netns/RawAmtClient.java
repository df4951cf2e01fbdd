package org.polycast.itest.netns;

/**
 * A hand-written AMT gateway in Python (the standard library only), independent of Polycast's
 * codecs, that attacks the relay: an Update with a wrong MAC, the right MAC from another UDP port,
 * two genuine handshakes, then a replay of the first handshake's Update. Argument: the relay's address.
 */
final class RawAmtClient {
    private RawAmtClient() {
    }

    static final String SCRIPT = String.join("\n",
            "import socket, struct, sys, time",
            "relay = (sys.argv[1], 2268)",
            "src = '198.18.1.1'",
            "a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); a.settimeout(5)",
            "b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
            "def csum(data):",
            "    if len(data) % 2: data += b'\\0'",
            "    s = sum(struct.unpack('!%dH' % (len(data) // 2), data))",
            "    while s >> 16: s = (s & 0xffff) + (s >> 16)",
            "    return ~s & 0xffff",
            "def request(nonce):",
            "    a.sendto(struct.pack('!BBHI', 3, 0, 0, nonce), relay)",
            "    data, _ = a.recvfrom(2048)",
            "    assert data[0] == 4 and struct.unpack('!I', data[8:12])[0] == nonce, data",
            "    return data[2:8]",
            "def report(group):",
            "    igmp = struct.pack('!BBHHHBBH4s4s', 0x22, 0, 0, 0, 1, 5, 0, 1, socket.inet_aton(group), socket.inet_aton(src))",
            "    igmp = igmp[:2] + struct.pack('!H', csum(igmp)) + igmp[4:]",
            "    ip = struct.pack('!BBHHHBBH4s4s', 0x46, 0xc0, 24 + len(igmp), 0, 0x4000, 1, 2, 0, bytes(4), socket.inet_aton('224.0.0.22')) + b'\\x94\\x04\\0\\0'",
            "    ip = ip[:10] + struct.pack('!H', csum(ip)) + ip[12:]",
            "    return ip + igmp",
            "def update(sock, mac, nonce, group):",
            "    sock.sendto(bytes([5, 0]) + mac + struct.pack('!I', nonce) + report(group), relay)",
            "    time.sleep(0.2)",
            "mac1 = request(1)",
            "update(a, bytes([mac1[0] ^ 1]) + mac1[1:], 1, '232.4.4.4')",
            "update(b, mac1, 1, '232.5.5.5')",
            "update(a, mac1, 1, '232.3.3.3')",
            "mac2 = request(2)",
            "update(a, mac2, 2, '232.3.3.3')",
            "update(a, mac1, 1, '232.6.6.6')",
            "print('client done', flush=True)");
}
