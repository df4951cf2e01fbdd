package org.polycast.reload.internal.config;

/** The access-control policies this node enforces (RFC 6940 §7.3). */
public enum AccessPolicy {
    /** The Resource-ID is the hash of the signer's user name. */
    USER_MATCH("USER-MATCH"),
    /** The Resource-ID is the hash of the signer's Node-ID. */
    NODE_MATCH("NODE-MATCH"),
    /**
     * Experimental (Polycast): any enrolled signer may store at any resource, but a single value
     * is accepted only where nothing live is stored or the stored value has the same claim key
     * ({@link org.polycast.api.overlay.OverlayClaims}).
     */
    FIRST_CLAIM("POLYCAST-FIRST-CLAIM"),
    /**
     * Experimental (Polycast), for DICTIONARY kinds: any enrolled signer may store at any resource, but
     * only under the dictionary key that is its own Node-ID (32 lower-case hex characters), so every
     * peer writes its own entry and nobody else's (RFC 6940's USER-NODE-MATCH rule for the key,
     * without binding the resource). ALM trees and their diagnostics are stored this way at the
     * group id, by whichever peer roots the tree.
     */
    NODE_KEY("POLYCAST-NODE-KEY");

    private final String configName;

    AccessPolicy(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static AccessPolicy parse(String text) {
        for (AccessPolicy p : values()) {
            if (p.configName.equalsIgnoreCase(text.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("access-control '" + text + "' is not supported (USER-MATCH, NODE-MATCH, POLYCAST-FIRST-CLAIM or POLYCAST-NODE-KEY)");
    }
}
