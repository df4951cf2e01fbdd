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
        return scan(family, settings, java.util.Map.of());
    }

    /** As {@link #scan(IpFamily, IpSettings)}, with per-interface overrides deciding first whether an interface is used. */
    public static List<Nic> scan(IpFamily family, IpSettings settings, java.util.Map<String, InterfaceOverride> overrides) throws SocketException {
        List<Nic> result = new ArrayList<>();
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || ni.isVirtual()) {
                continue;
            }
            boolean loopback = ni.isLoopback();
            InterfaceOverride override = overrides.get(ni.getName());
            if (loopback && family == IpFamily.V6) {
                continue; // Linux delivers no IPv6 multicast on loopback devices
            }
            if (override != null) {
                if (!override.enabled()) {
                    continue;
                }
            } else if (loopback ? !settings.includeLoopback() : !ni.supportsMulticast()) {
                continue;
            } else if ((!settings.include().isEmpty() && !settings.include().contains(ni.getName())) || settings.exclude().contains(ni.getName())) {
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
