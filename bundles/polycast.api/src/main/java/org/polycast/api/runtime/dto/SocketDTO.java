package org.polycast.api.runtime.dto;

import org.osgi.annotation.versioning.ProviderType;

import org.osgi.dto.DTO;

/** One open socket. */
@ProviderType
public class SocketDTO extends DTO {
    public long id;
    /** Who opened it: the client bundle's symbolic name, or null where the core does not know. */
    public String owner;
    /** Indices of the Interfaces the socket uses now. */
    public int[] interfaces;
    /** True if the socket follows the default Interfaces as they come and go. */
    public boolean followsDefaults;
    public String[] joined;
    public String[] sources;
    /** Messages waiting in the receive queue. */
    public int queued;
    /** Payload bytes waiting in the receive queue (bounded by the core's receiveQueueBytes). */
    public long queuedBytes;
    /** True if a message listener is set. */
    public boolean listener;
    public CountersDTO counters;
}
