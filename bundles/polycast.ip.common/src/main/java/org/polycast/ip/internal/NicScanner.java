package org.polycast.ip.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Finds the network interfaces an IP technology can use: up, multicast-capable, with an address of the family. */
public final class NicScanner {
    private NicScanner() {
    }

    public static List<Nic> scan(IpFamily family, IpSettings settings) throws SocketException {
        List<Nic> result = new ArrayList<>();
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || ni.isVirtual()) {
                continue;
            }
            boolean loopback = ni.isLoopback();
            if (loopback ? family == IpFamily.V6 || !settings.includeLoopback() : !ni.supportsMulticast()) {
                continue;
            }
            if ((!settings.include().isEmpty() && !settings.include().contains(ni.getName())) || settings.exclude().contains(ni.getName())) {
                continue;
            }
            InetAddress address = preferredAddress(ni, family);
            if (address != null) {
                result.add(new Nic(ni, ni.getName() + family.nameSuffix(), address, ni.getMTU(), loopback));
            }
        }
        return result;
    }

    /** A global address if there is one, else link-local. */
    private static InetAddress preferredAddress(NetworkInterface ni, IpFamily family) {
        InetAddress fallback = null;
        for (InetAddress a : Collections.list(ni.getInetAddresses())) {
            if (!family.matches(a)) {
                continue;
            }
            if (a instanceof Inet6Address && a.isLinkLocalAddress()) {
                fallback = fallback == null ? a : fallback;
            } else {
                return a;
            }
        }
        return fallback;
    }
}
