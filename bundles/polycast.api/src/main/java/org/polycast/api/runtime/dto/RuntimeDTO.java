package org.polycast.api.runtime.dto;

import org.osgi.annotation.versioning.ProviderType;

import org.osgi.dto.DTO;

/** A snapshot of the whole middleware. */
@ProviderType
public class RuntimeDTO extends DTO {
    public InterfaceDTO[] interfaces;
    public SocketDTO[] sockets;
    /** The most recent failures, newest last (bounded). */
    public FailureDTO[] failures;
    public int maxMessageSize;
    /** The selection policy in force, for example {@code all} or {@code best}. */
    public String selectionPolicy;
    /** Totals over all Interfaces. */
    public CountersDTO counters;
    /**
     * Membership events not delivered to {@code MembershipListener}s because their queue was full (listeners slower than
     * the events for long; since 1.2).
     */
    public long membershipEventsDropped;
}
