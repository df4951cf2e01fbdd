package org.polycast.ip.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

import org.polycast.api.HamUri;
import org.polycast.api.Namespaces;

/**
 * Maps Group Names to IP Group Addresses.
 * <ul>
 * <li>{@code ham:ip:G:port} with G a multicast address of this family maps to itself (canonical);
 * {@code ham:ip:G@S:port} is the SSM channel (S,G), joined with a source filter. Without a port, the
 * configured default port is used. A DNS name is resolved (first address of this family).</li>
 * <li>Names of every other namespace get a derived address: h = SHA-256 of the Group Name's text
 * ({@code HamUri.toString()}, UTF-8, credentials excluded); the group is the configured range's
 * address at offset (h[0..3] as unsigned 32-bit, big-endian) modulo the range size; the port is the
 * name's port, or portMin + (h[4..5] as unsigned 16-bit) modulo the port range size. Every host
 * derives the same address, so that hosts agree without any exchange.</li>
 * </ul>
 */
public final class IpMapping {
    private final IpFamily family;
    private final IpSettings settings;

    public IpMapping(IpFamily family, IpSettings settings) {
        this.family = family;
        this.settings = settings;
    }

    public Optional<HamUri> map(HamUri name) {
        HamUri n = name.groupName();
        if (Namespaces.IP.equals(n.namespace())) {
            return canonical(n).map(GroupEndpoint::toUri);
        }
        return Optional.of(derived(n).toUri());
    }

    private Optional<GroupEndpoint> canonical(HamUri n) {
        if (n.isWildcard()) {
            return Optional.empty();
        }
        InetAddress group = resolve(n.group());
        if (group == null || !family.matches(group) || !group.isMulticastAddress()) {
            return Optional.empty();
        }
        InetAddress source = null;
        if (n.instantiation().isPresent()) {
            source = resolve(n.instantiation().get());
            if (source == null || !family.matches(source) || source.isMulticastAddress()) {
                return Optional.empty();
            }
        }
        return Optional.of(new GroupEndpoint(group, n.port().orElse(settings.defaultPort()), source));
    }

    GroupEndpoint derived(HamUri n) {
        byte[] h = sha256(n.toString());
        ByteBuffer b = ByteBuffer.wrap(h);
        long offset = b.getInt(0) & 0xffffffffL;
        int portSpan = settings.portMax() - settings.portMin() + 1;
        int port = n.port().orElse(settings.portMin() + (b.getShort(4) & 0xffff) % portSpan);
        return new GroupEndpoint(settings.derivedRange().addressAt(offset), port, null);
    }

    /** Parses a Group Address this mapping produced. */
    public GroupEndpoint endpoint(HamUri address) {
        InetAddress group = resolve(address.group());
        InetAddress source = address.instantiation().map(IpMapping::resolve).orElse(null);
        if (group == null || address.port().isEmpty() || (address.instantiation().isPresent() && source == null)) {
            throw new IllegalArgumentException(address + " is not an IP Group Address");
        }
        return new GroupEndpoint(group, address.port().getAsInt(), source);
    }

    /** An IP literal (brackets allowed) or a DNS name; null if it does not resolve. */
    static InetAddress resolve(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
