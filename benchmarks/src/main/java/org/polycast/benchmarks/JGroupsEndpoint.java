package org.polycast.benchmarks;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.Receiver;

/**
 * JGroups with its default UDP stack ({@code udp.xml}: IP multicast, reliable and ordered delivery with NAKACK2, flow
 * control, fragmentation), one cluster per group and port, bound to the benchmark's interface. What a Java user would
 * pick for group messaging; compared with the Polycast API and raw Netty in benchmarks/jgroups.sh.
 */
final class JGroupsEndpoint implements Endpoint {
    private final String bindAddress;
    private final Map<String, JChannel> channels = new ConcurrentHashMap<>();

    JGroupsEndpoint(String iface) throws Exception {
        NetworkInterface nic = NetworkInterface.getByName(iface);
        this.bindAddress = Collections.list(nic.getInetAddresses()).stream().filter(a -> a instanceof Inet4Address).findFirst()
                .map(InetAddress::getHostAddress).orElseThrow(() -> new IllegalArgumentException(iface + " has no IPv4 address"));
        System.setProperty("java.net.preferIPv4Stack", "true");
    }

    /** The channel of a group, created and connected on first use (the stack reads its addresses from system properties). */
    private synchronized JChannel channel(String group, int port) throws Exception {
        String cluster = group + ":" + port;
        JChannel c = channels.get(cluster);
        if (c == null) {
            System.setProperty("jgroups.bind_addr", bindAddress);
            System.setProperty("jgroups.udp.mcast_addr", group);
            System.setProperty("jgroups.udp.mcast_port", Integer.toString(port));
            c = new JChannel("udp.xml");
            c.setDiscardOwnMessages(true);
            c.connect(cluster);
            channels.put(cluster, c);
        }
        return c;
    }

    @Override
    public void receive(String group, int port, Consumer<byte[]> sink) throws Exception {
        channel(group, port).setReceiver(new Receiver() {
            @Override
            public void receive(Message msg) {
                sink.accept(msg.getArray().length == msg.getLength() && msg.getOffset() == 0 ? msg.getArray()
                        : java.util.Arrays.copyOfRange(msg.getArray(), msg.getOffset(), msg.getOffset() + msg.getLength()));
            }
        });
    }

    @Override
    public void send(String group, int port, byte[] payload) throws Exception {
        channel(group, port).send(new BytesMessage(null, payload));
    }

    @Override
    public void close() {
        channels.values().forEach(JChannel::close);
    }
}
