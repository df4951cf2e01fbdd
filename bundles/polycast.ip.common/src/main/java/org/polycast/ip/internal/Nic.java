package org.polycast.ip.internal;

import java.net.InetAddress;
import java.net.NetworkInterface;

/** A network interface usable for one IP family: its name, index, chosen address and MTU. */
public record Nic(NetworkInterface networkInterface, String name, InetAddress address, int mtu, boolean loopback) {

    /** Two scans found the same interface if name, address and MTU agree. */
    public String identity() {
        return name + "|" + address.getHostAddress() + "|" + mtu;
    }
}
