package org.polycast.itest.netns;

import java.io.IOException;
import java.util.List;

/**
 * Plain (non-Polycast) multicast endpoints, a few lines of Python with the standard socket
 * module, to prove interoperability both ways.
 */
final class PlainMulticast {
    private PlainMulticast() {
    }

    /** The opening lines both scripts share: a UDP socket of the family. */
    private static String socketOf(boolean v6) {
        return String.join("\n",
                "import socket, struct, sys, time",
                "v6 = " + (v6 ? "True" : "False"),
                "s = socket.socket(socket.AF_INET6 if v6 else socket.AF_INET, socket.SOCK_DGRAM)");
    }

    /** Sends each payload once to group:port out of the interface, with a pause between. */
    static HostProcess sender(NetnsTestBed bed, int host, boolean v6, String group, int port, List<String> payloads) throws IOException {
        return sender(bed, host, bed.iface(host), bed.ipv4(host), v6, group, port, payloads);
    }

    /** The same out of a named interface with the given IPv4 address. */
    static HostProcess sender(NetnsTestBed bed, int host, String iface, String ipv4, boolean v6, String group, int port, List<String> payloads)
            throws IOException {
        String script = String.join("\n", socketOf(v6),
                "if v6:",
                "    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, socket.if_nametoindex(sys.argv[1]))",
                "else:",
                "    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(sys.argv[2]))",
                "for p in sys.argv[5:]:",
                "    s.sendto(p.encode(), (sys.argv[3], int(sys.argv[4])))",
                "    time.sleep(0.05)",
                "print('plain sender done', flush=True)");
        List<String> cmd = new java.util.ArrayList<>(List.of("python3", "-c", script, iface, ipv4, group, Integer.toString(port)));
        cmd.addAll(payloads);
        return HostProcess.start("plain-tx-h" + host, bed.command(host, cmd));
    }

    /** Joins group:port on the interface, prints "ready", then each payload as received, until count or the timeout. */
    static HostProcess receiver(NetnsTestBed bed, int host, boolean v6, String group, int port, int count, int timeoutSeconds) throws IOException {
        String script = String.join("\n", socketOf(v6),
                "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
                "s.bind(('', int(sys.argv[4])))",
                "if v6:",
                "    mreq = socket.inet_pton(socket.AF_INET6, sys.argv[3]) + struct.pack('@I', socket.if_nametoindex(sys.argv[1]))",
                "    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, mreq)",
                "else:",
                "    mreq = socket.inet_aton(sys.argv[3]) + socket.inet_aton(sys.argv[2])",
                "    s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreq)",
                "s.settimeout(" + timeoutSeconds + ")",
                "print('ready', flush=True)",
                "for i in range(int(sys.argv[5])):",
                "    data, addr = s.recvfrom(65535)",
                "    print('got ' + repr(data), flush=True)");
        return HostProcess.start("plain-rx-h" + host,
                bed.command(host, List.of("python3", "-c", script, bed.iface(host), bed.ipv4(host), group, Integer.toString(port), Integer.toString(count))));
    }
}
