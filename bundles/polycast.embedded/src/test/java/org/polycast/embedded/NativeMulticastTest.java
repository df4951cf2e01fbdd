package org.polycast.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.polycast.api.HamUri;
import org.polycast.api.Message;
import org.polycast.api.MulticastSocket;

/**
 * The native path (IPv4 and IPv6 technologies, the kernel's IGMP and MLD memberships, a real NIC) on a developer's machine
 * without root: the test JVM runs in a network namespace of its own (tools/netns-jvm/bin/java: a user namespace where the
 * kernel allows one), on the veth NIC {@code pcn0} made there, so that no packet reaches this machine's network. Skips
 * loudly where no such namespace can be made.
 */
class NativeMulticastTest {
    private static final String NIC = "pcn0";

    @BeforeAll
    static void inANamespaceOfItsOwn() {
        String reason = !"1".equals(System.getenv("POLYCAST_PRIVATE_NETNS"))
                ? "the test JVM is not in a network namespace of its own (tools/netns-jvm/bin/java needs unshare and ip, and root or unprivileged user namespaces)"
                : !NIC.equals(System.getenv("POLYCAST_PRIVATE_NIC")) ? "no veth pair in the test's namespace (is the veth kernel module loaded?)" : null;
        if (reason != null) {
            System.err.println("\n*** SKIPPING the native multicast tests: " + reason + " ***\n");
        }
        assumeTrue(reason == null, reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ipv4", "ipv6"})
    void joinHoldsTheKernelMembershipSendLoopsBackAndLeaveDropsIt(String technology) throws Exception {
        boolean v6 = technology.equals("ipv6");
        String address = v6 ? "ff15::250" : "239.250.0.1";
        HamUri group = HamUri.parse(v6 ? "ham:ip:[" + address + "]:5250" : "ham:ip:" + address + ":5250");
        try (Polycast polycast = Polycast.builder().technologies(technology).configure("org.polycast." + technology, Map.of("interfaces", new String[] {NIC}))
                .awaitInterface("ip").start(); MulticastSocket socket = polycast.service().createSocket()) {
            var interfaces = polycast.runtime().getRuntimeDTO().interfaces;
            assertEquals(1, interfaces.length, "one Interface, on " + NIC);
            socket.join(group);
            assertTrue(kernelMembership(v6, address), "the kernel holds the membership on " + NIC);
            socket.send(group, "hello".getBytes(StandardCharsets.UTF_8));
            Message m = socket.receive(Duration.ofSeconds(10)).orElseThrow(() -> new AssertionError("own message did not loop back"));
            assertEquals("hello", new String(m.payload(), StandardCharsets.UTF_8));
            assertEquals(group, m.groupName());
            assertEquals(interfaces[0].index, m.interfaceIndex(), "arrived on the ip Interface");
            socket.leave(group);
            assertFalse(kernelMembership(v6, address), "leave dropped the kernel membership");
        }
    }

    /** Whether /proc/net/igmp (igmp6) lists the group on the NIC. */
    private static boolean kernelMembership(boolean v6, String address) throws Exception {
        byte[] raw = InetAddress.getByName(address).getAddress();
        if (v6) {
            String hex = HexFormat.of().formatHex(raw);
            return Files.readAllLines(Path.of("/proc/net/igmp6")).stream().anyMatch(l -> l.contains(NIC) && l.contains(hex));
        }
        // IPv4 groups are listed in the host's (little-endian) byte order under their device's line.
        String hex = HexFormat.of().withUpperCase().formatHex(new byte[] {raw[3], raw[2], raw[1], raw[0]});
        boolean inDevice = false;
        for (String line : Files.readAllLines(Path.of("/proc/net/igmp"))) {
            if (!line.startsWith("\t")) {
                inDevice = line.contains(NIC);
            } else if (inDevice && line.contains(hex)) {
                return true;
            }
        }
        return false;
    }
}
