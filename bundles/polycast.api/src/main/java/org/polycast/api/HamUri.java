package org.polycast.api;

import org.osgi.annotation.versioning.ProviderType;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A {@code ham:} URI as defined by RFC 7046 section 4.2:
 *
 * <pre>
 * ham-URI = "ham:" namespace ":" group [ "@" instantiation ] [ ":" port ] [ "/" sec-credentials ]
 * </pre>
 *
 * Instances are immutable, normalised and compare by value. Applications use them as
 * <em>Group Names</em>; technologies use them also as <em>Group Addresses</em> in their own
 * namespace (for example {@code ham:ip:239.192.0.7:5000}), so that one type serves both sides of
 * the mapping.
 *
 * <h2>Readings taken where the RFC is loose</h2>
 * <ul>
 * <li>The ABNF allows only {@code unreserved} characters in {@code group}, but the {@code ip}
 * namespace is defined by RFC 3986 {@code host} and the RFC's own example uses a bracketed IPv6
 * literal. Polycast parses the namespace first and applies the namespace's syntax: in {@code ip},
 * group and instantiation are an IPv4 literal, a bracketed IPv6 literal or a DNS name; in every other
 * namespace they are {@code 1*(unreserved / pct-encoded)}. Percent-encoding is an extension (the ABNF
 * has none) so that arbitrary opaque strings can be named.</li>
 * <li>{@code sec-credentials} is not part of the Group Name: {@link #groupName()} removes it and
 * {@link #toString()} never prints it.</li>
 * <li>Normalisation (RFC 3986 section 6.2.2): scheme and namespace are lower-cased; in {@code ip},
 * DNS names are lower-cased and IPv6 literals written in RFC 5952 form; percent-encoded octets use
 * upper-case hex, and those encoding unreserved characters are decoded. Ports lose leading zeros.</li>
 * <li>Port 0 is not a port: ports are 1 to 65535.</li>
 * </ul>
 */
@ProviderType
public final class HamUri implements Comparable<HamUri> {
    /** The URI scheme, registered provisionally by RFC 7046 section 6. */
    public static final String SCHEME = "ham";
    /** The group {@code *}: all members of the group (RFC 7046 section 4.2.2). */
    public static final String WILDCARD_GROUP = "*";
    /** Longest input the parser accepts, to bound work on hostile input. */
    public static final int MAX_LENGTH = 2048;

    private final String namespace;
    private final String group;
    private final String instantiation;
    private final int port;
    private final SecurityCredentials credentials;
    /** Cached: URIs are map keys on every received datagram. */
    private int hash;

    HamUri(String namespace, String group, String instantiation, int port, SecurityCredentials credentials) {
        this.namespace = namespace;
        this.group = group;
        this.instantiation = instantiation;
        this.port = port;
        this.credentials = credentials;
    }

    /**
     * Parses and normalises a {@code ham:} URI.
     *
     * @throws HamUriSyntaxException saying what is wrong and where
     * @throws NullPointerException if {@code text} is null
     */
    public static HamUri parse(String text) {
        return HamUriParser.parse(Objects.requireNonNull(text, "text"));
    }

    /** {@code ham:<namespace>:<group>}, validated as if parsed. */
    public static HamUri of(String namespace, String group) {
        return parse(SCHEME + ":" + namespace + ":" + group);
    }

    /** The namespace, lower case, for example {@code ip} or {@code opaque}. */
    public String namespace() {
        return namespace;
    }

    /** The group as written in the URI; for IPv6 literals that includes the brackets. */
    public String group() {
        return group;
    }

    /** The instantiation (SSM source, SIP domain, ...), if any. */
    public Optional<String> instantiation() {
        return Optional.ofNullable(instantiation);
    }

    /** The port, if any. */
    public OptionalInt port() {
        return port > 0 ? OptionalInt.of(port) : OptionalInt.empty();
    }

    /** The security credentials, if any; they are not part of the Group Name. */
    public Optional<SecurityCredentials> credentials() {
        return Optional.ofNullable(credentials);
    }

    /** True for the group {@code *}. */
    public boolean isWildcard() {
        return WILDCARD_GROUP.equals(group);
    }

    /** True if the namespace is one of {@link Namespaces#DEFINED}. */
    public boolean isDefinedNamespace() {
        return Namespaces.DEFINED.contains(namespace);
    }

    /** The Group Name: this URI without its security credentials. */
    public HamUri groupName() {
        return credentials == null ? this : new HamUri(namespace, group, instantiation, port, null);
    }

    /** This URI with another port (1..65535), or without a port if {@code port} is 0. */
    public HamUri withPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 1..65535");
        }
        return new HamUri(namespace, group, instantiation, port, credentials);
    }

    /** The complete URI including credentials, unmasked: for passing on, never for logs. */
    public String toUriString() {
        StringBuilder b = new StringBuilder(64);
        appendName(b);
        if (credentials != null) {
            b.append('/').append(credentials.toUriForm());
        }
        return b.toString();
    }

    /** The Group Name form (credentials left out), suitable for logs and display. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(48);
        appendName(b);
        return b.toString();
    }

    private void appendName(StringBuilder b) {
        b.append(SCHEME).append(':').append(namespace).append(':').append(group);
        if (instantiation != null) {
            b.append('@').append(instantiation);
        }
        if (port > 0) {
            b.append(':').append(port);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        // Equal names have equal hashes; comparing the cached hashes first spares string compares on the receive path.
        return o instanceof HamUri other && port == other.port && hashCode() == other.hashCode() && namespace.equals(other.namespace)
                && group.equals(other.group) && Objects.equals(instantiation, other.instantiation)
                && Objects.equals(credentials, other.credentials);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Objects.hash(namespace, group, instantiation, port, credentials);
            hash = h;
        }
        return h;
    }

    /** Orders by the text of the Group Name (credentials last), for stable listings. */
    @Override
    public int compareTo(HamUri o) {
        int c = toString().compareTo(o.toString());
        return c != 0 ? c : toUriString().compareTo(o.toUriString());
    }
}
