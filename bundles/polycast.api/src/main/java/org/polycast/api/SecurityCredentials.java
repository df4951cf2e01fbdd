package org.polycast.api;

import org.osgi.annotation.versioning.ProviderType;

import java.util.Objects;

/**
 * The {@code sec-credentials} part of a {@code ham:} URI: {@code alg ";" val}. RFC 7046 section 4.2
 * says these credentials are not part of the Group Name; Polycast therefore keeps them apart
 * ({@link HamUri#groupName()} drops them) and never prints the value: {@link #toString()} masks it.
 */
@ProviderType
public final class SecurityCredentials {
    private final String algorithm;
    private final String value;

    SecurityCredentials(String algorithm, String value) {
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.value = Objects.requireNonNull(value, "value");
    }

    public String algorithm() {
        return algorithm;
    }

    public String value() {
        return value;
    }

    /** The URI form {@code alg;val}, unmasked: for building URIs, not for logs. */
    String toUriForm() {
        return algorithm + ";" + value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecurityCredentials other && algorithm.equals(other.algorithm) && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(algorithm, value);
    }

    @Override
    public String toString() {
        return algorithm + ";***";
    }
}
