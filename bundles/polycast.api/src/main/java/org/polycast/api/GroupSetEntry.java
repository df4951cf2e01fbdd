package org.polycast.api;

import org.osgi.annotation.versioning.ProviderType;

import java.util.Objects;

/** One entry of {@link MulticastService#groupSet(int)}: a Group Name and this node's role in it. */
@ProviderType
public record GroupSetEntry(HamUri groupName, GroupRole role) {
    public GroupSetEntry {
        Objects.requireNonNull(groupName, "groupName");
        Objects.requireNonNull(role, "role");
    }
}
