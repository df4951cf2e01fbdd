package org.polycast.core.internal;

import java.util.List;

/** Defaults shared by the configuration annotation and code that runs before configuration arrives. */
final class CoreDefaults {
    /** Namespaces refused unless a namespace plugin serves them: SIP names need RFC 3261 rules to be compared. */
    static final List<String> REQUIRED_NAMESPACE_HANDLERS = List.of("sip");

    private CoreDefaults() {
    }
}
