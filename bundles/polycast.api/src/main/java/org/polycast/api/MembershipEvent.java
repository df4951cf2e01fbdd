package org.polycast.api;

import org.osgi.annotation.versioning.ProviderType;

import java.util.Objects;
import java.util.Optional;

/** The RFC 7046 {@code event} structure (section 4.3.2): type, Group Name and Interface. */
@ProviderType
public final class MembershipEvent {
    private final MembershipEventType type;
    private final HamUri groupName;
    private final int interfaceIndex;
    private final String source;

    public MembershipEvent(MembershipEventType type, HamUri groupName, int interfaceIndex, String source) {
        this.type = Objects.requireNonNull(type, "type");
        this.groupName = Objects.requireNonNull(groupName, "groupName");
        this.interfaceIndex = interfaceIndex;
        this.source = source;
    }

    public MembershipEventType type() {
        return type;
    }

    public HamUri groupName() {
        return groupName;
    }

    /** The if_index of the Interface where the change was observed. */
    public int interfaceIndex() {
        return interfaceIndex;
    }

    /** For {@link MembershipEventType#NEW_SOURCE}: the new source as its technology names it. */
    public Optional<String> source() {
        return Optional.ofNullable(source);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MembershipEvent e && type == e.type && interfaceIndex == e.interfaceIndex
                && groupName.equals(e.groupName) && Objects.equals(source, e.source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, groupName, interfaceIndex, source);
    }

    @Override
    public String toString() {
        return type + " " + groupName + " on if " + interfaceIndex + (source != null ? " from " + source : "");
    }
}
