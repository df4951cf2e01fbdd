package org.polycast.api;

import org.osgi.annotation.versioning.ProviderType;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * A received message: the payload and the Group Name it was sent to (RFC 7046 section 4.5.2
 * requires {@code receive} to return both, which its C signature cannot; this type settles it).
 * The payload array belongs to this message: every receiving socket gets its own copy.
 */
@ProviderType
public final class Message {
    private final HamUri groupName;
    private final byte[] payload;
    private final int interfaceIndex;
    private final String source;

    public Message(HamUri groupName, byte[] payload, int interfaceIndex, String source) {
        this.groupName = Objects.requireNonNull(groupName, "groupName");
        this.payload = Objects.requireNonNull(payload, "payload");
        this.interfaceIndex = interfaceIndex;
        this.source = source;
    }

    /** The Group Name the receiving socket joined, to which the sender sent. */
    public HamUri groupName() {
        return groupName;
    }

    /** The payload; not copied, so callers may keep or change it. */
    public byte[] payload() {
        return payload;
    }

    /** The payload decoded as UTF-8. */
    public String payloadAsText() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** The if_index of the Interface the message arrived on. */
    public int interfaceIndex() {
        return interfaceIndex;
    }

    /** The sender as its technology names it (for example {@code 198.18.0.2:40000}), if known. */
    public Optional<String> source() {
        return Optional.ofNullable(source);
    }

    @Override
    public String toString() {
        return "Message[" + groupName + ", " + payload.length + " bytes, if " + interfaceIndex
                + (source != null ? ", from " + source : "") + "]";
    }
}
