package org.polycast.api;

import org.osgi.annotation.versioning.ProviderType;

/** The RFC 7046 {@code eventType} (section 4.3.2). */
@ProviderType
public enum MembershipEventType {
    /** A group was joined on an Interface of this node. */
    JOIN,
    /** A group was left on an Interface of this node, or the Interface went away. */
    LEAVE,
    /** A source not seen before started sending to a group on an Interface. */
    NEW_SOURCE
}
