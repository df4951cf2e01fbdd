package org.polycast.reload.internal.config;

/** The access-control policies this node enforces (RFC 6940 §7.3). */
public enum AccessPolicy {
    /** The Resource-ID is the hash of the signer's user name. */
    USER_MATCH("USER-MATCH"),
    /** The Resource-ID is the hash of the signer's Node-ID. */
    NODE_MATCH("NODE-MATCH");

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
        throw new IllegalArgumentException("access-control '" + text + "' is not supported (USER-MATCH or NODE-MATCH)");
    }
}
