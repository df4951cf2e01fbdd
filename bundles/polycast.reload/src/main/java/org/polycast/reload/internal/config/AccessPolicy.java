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
    FIRST_CLAIM("POLYCAST-FIRST-CLAIM");

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
        throw new IllegalArgumentException("access-control '" + text + "' is not supported (USER-MATCH, NODE-MATCH or POLYCAST-FIRST-CLAIM)");
    }
}
