package org.polycast.itest.netns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Hosts in network namespaces on one Linux bridge, for multi-host tests: namespace {@code <id>-br}
 * holds the bridge, {@code <id>-h1..hN} are the hosts, each with one veth link carrying
 * 198.18.S.i/24 and 2001:2:0:S::i/64 (S the subnet given). Nothing touches the root namespace;
 * {@link #close()} deletes every namespace created (their links go with them), also on JVM exit.
 */
public final class NetnsTestBed implements AutoCloseable {
    private final String id;
    private final int hosts;
    private final int subnet;
    private final List<String> namespaces = new ArrayList<>();
    private final Thread cleanupOnExit = new Thread(this::deleteNamespaces, "netns-cleanup");

    private NetnsTestBed(String id, int hosts, int subnet) {
        this.id = id;
        this.hosts = hosts;
        this.subnet = subnet;
    }

    /** Why namespaces cannot be made here, or null if they can. */
    public static String unavailableReason() {
        try {
            Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String uid = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || !uid.equals("0")) {
                return "not running as root (uid " + uid + ")";
            }
            String probe = "pcprobe" + ProcessHandle.current().pid();
            run("ip", "netns", "add", probe);
            run("ip", "netns", "del", probe);
            return null;
        } catch (IOException | InterruptedException | IllegalStateException e) {
            return "cannot create network namespaces: " + e.getMessage();
        }
    }

    public static NetnsTestBed create(int hosts, int subnet) throws IOException, InterruptedException {
        return create(hosts, subnet, true);
    }

    /**
     * Hosts without the bridge, to be joined by {@link #link} into a routed topology (for example
     * source, relay and gateway, with no multicast path from the source to the gateway).
     */
    public static NetnsTestBed createUnlinked(int hosts) throws IOException, InterruptedException {
        return create(hosts, 0, false);
    }

    private static NetnsTestBed create(int hosts, int subnet, boolean bridged) throws IOException, InterruptedException {
        String id = String.format("pc%04x", ThreadLocalRandom.current().nextInt(0x10000));
        NetnsTestBed bed = new NetnsTestBed(id, hosts, subnet);
        Runtime.getRuntime().addShutdownHook(bed.cleanupOnExit);
        try {
            if (bridged) {
                bed.build();
            } else {
                for (int i = 1; i <= hosts; i++) {
                    bed.addNamespace(bed.namespace(i));
                }
            }
        } catch (IOException | RuntimeException e) {
            bed.close();
            throw e;
        }
        return bed;
    }

    /**
     * A point-to-point link between two hosts: interface {@code l<subnet>} in each, with
     * 198.18.subnet.host/24 and 2001:2:0:subnet::host/64. Transmit checksum offload is switched off
     * where ethtool exists, so that captures show the checksums as sent.
     */
    public void link(int a, int b, int subnet) throws IOException, InterruptedException {
        String name = linkName(subnet);
        run("ip", "-n", namespace(a), "link", "add", name, "type", "veth", "peer", "name", name + "p", "netns", namespace(b));
        run("ip", "-n", namespace(b), "link", "set", name + "p", "name", name);
        boolean ethtool = new java.io.File("/usr/sbin/ethtool").canExecute() || new java.io.File("/sbin/ethtool").canExecute();
        for (int host : new int[] {a, b}) {
            String ns = namespace(host);
            run("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf." + name + ".accept_dad=0");
            run("ip", "-n", ns, "addr", "add", linkIpv4(subnet, host) + "/24", "dev", name);
            run("ip", "-n", ns, "addr", "add", linkIpv6(subnet, host) + "/64", "dev", name, "nodad");
            if (ethtool) { // while down: changing a veth's features while it is up can leave it without carrier
                run("ip", "netns", "exec", ns, "ethtool", "-K", name, "tx", "off");
            }
        }
        for (int host : new int[] {a, b}) {
            run("ip", "-n", namespace(host), "link", "set", name, "up");
        }
        awaitCarrier(a, name);
        awaitCarrier(b, name);
    }

    /** Waits (at most ten seconds) until the link has carrier: runtimes started earlier would not see it as up. */
    private void awaitCarrier(int host, String link) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String state = "";
        while (System.nanoTime() < deadline) {
            state = output(host, "ip", "-o", "link", "show", "dev", link);
            if (state.contains("state UP")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(link + " in " + namespace(host) + " has no carrier: " + state);
    }

    public String linkName(int subnet) {
        return "l" + subnet;
    }

    public String linkIpv4(int subnet, int host) {
        return "198.18." + subnet + "." + host;
    }

    public String linkIpv6(int subnet, int host) {
        return "2001:2:0:" + subnet + "::" + host;
    }

    private void build() throws IOException, InterruptedException {
        String br = id + "-br";
        addNamespace(br);
        run("ip", "-n", br, "link", "add", "br0", "type", "bridge", "mcast_snooping", "0");
        run("ip", "-n", br, "link", "set", "br0", "up");
        for (int i = 1; i <= hosts; i++) {
            String ns = namespace(i);
            addNamespace(ns);
            // Made inside the bridge namespace and moved, so that no name is ever used in the root namespace.
            run("ip", "-n", br, "link", "add", "p" + i, "type", "veth", "peer", "name", iface(i));
            run("ip", "-n", br, "link", "set", iface(i), "netns", ns);
            run("ip", "-n", br, "link", "set", "p" + i, "master", "br0");
            run("ip", "-n", br, "link", "set", "p" + i, "up");
            run("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf." + iface(i) + ".accept_dad=0");
            run("ip", "-n", ns, "addr", "add", ipv4(i) + "/24", "dev", iface(i));
            run("ip", "-n", ns, "addr", "add", ipv6(i) + "/64", "dev", iface(i), "nodad");
            run("ip", "-n", ns, "link", "set", iface(i), "up");
        }
    }

    private void addNamespace(String ns) throws IOException, InterruptedException {
        run("ip", "netns", "add", ns);
        namespaces.add(ns);
        run("ip", "-n", ns, "link", "set", "lo", "up");
    }

    public String namespace(int host) {
        return id + "-h" + host;
    }

    /** The host's network interface name (the same in every namespace). */
    public String iface(int host) {
        return "eth" + host;
    }

    public String ipv4(int host) {
        return "198.18." + subnet + "." + host;
    }

    public String ipv6(int host) {
        return "2001:2:0:" + subnet + "::" + host;
    }

    /** Adds a veth pair inside the host's namespace (both ends there), with an IPv4 address on the first end, up. */
    public void addLocalLink(int host, String name, String ipv4) throws IOException, InterruptedException {
        String ns = namespace(host);
        run("ip", "-n", ns, "link", "add", name, "type", "veth", "peer", "name", name + "p");
        run("ip", "-n", ns, "addr", "add", ipv4 + "/24", "dev", name);
        run("ip", "-n", ns, "link", "set", name, "up");
        run("ip", "-n", ns, "link", "set", name + "p", "up");
    }

    /** A unicast route in a host: {@code prefix} (for example 198.18.52.0/24) through the neighbour {@code via}. */
    public void route(int host, String prefix, String via) throws IOException, InterruptedException {
        run("ip", "-n", namespace(host), "route", "add", prefix, "via", via);
    }

    /** Makes a host forward unicast IPv4 between its links (multicast is not routed: no multicast routing daemon runs). */
    public void forwardIpv4(int host) throws IOException, InterruptedException {
        run("ip", "netns", "exec", namespace(host), "sysctl", "-qw", "net.ipv4.ip_forward=1");
    }

    public void deleteLink(int host, String name) throws IOException, InterruptedException {
        run("ip", "-n", namespace(host), "link", "del", name);
    }

    /** A command inside a host's namespace. */
    public ProcessBuilder command(int host, List<String> command) {
        return inNamespace(namespace(host), command);
    }

    /** A command inside the bridge's namespace (host 0), where {@code br0} sees every host's traffic. */
    public ProcessBuilder bridgeCommand(List<String> command) {
        return inNamespace(id + "-br", command);
    }

    private static ProcessBuilder inNamespace(String ns, List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(command);
        return new ProcessBuilder(full).redirectErrorStream(true);
    }

    /** Output of a short command inside a host's namespace. */
    public String output(int host, String... command) throws IOException, InterruptedException {
        Process p = command(host, List.of(command)).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish");
        }
        return out;
    }

    static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out.trim());
        }
    }

    private synchronized void deleteNamespaces() {
        for (int i = namespaces.size() - 1; i >= 0; i--) {
            try {
                run("ip", "netns", "del", namespaces.get(i));
            } catch (IOException | InterruptedException | IllegalStateException e) {
                System.err.println("netns test bed: could not delete " + namespaces.get(i) + ": " + e.getMessage());
            }
        }
        namespaces.clear();
    }

    @Override
    public void close() {
        deleteNamespaces();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
        } catch (IllegalStateException e) {
            // the JVM is exiting; the hook runs anyway
        }
    }
}
