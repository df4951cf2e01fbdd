package org.polycast.api.runtime.dto;

import org.osgi.annotation.versioning.ProviderType;

import org.osgi.dto.DTO;

/** Traffic counters; kept per Interface, per socket and per group. */
@ProviderType
public class CountersDTO extends DTO {
    /** Messages handed to technologies (one per Interface a message went out on). */
    public long messagesSent;
    public long bytesSent;
    /** Fragments handed to technologies, for messages larger than the atomic size. */
    public long fragmentsSent;
    /** Messages delivered (to sockets, or by the Interface to the core). */
    public long messagesReceived;
    public long bytesReceived;
    public long fragmentsReceived;
    /** Sends that failed or were refused by the technology. */
    public long sendFailures;
    /** Messages dropped: full queues, failed Interfaces, reassembly give-ups. */
    public long dropped;
    /** Copies of a message suppressed because it already arrived over another Interface. */
    public long duplicates;
    /** Malformed input counted and dropped (for example a bad fragment header). */
    public long malformed;
    /** Messages the Interface's flow control held back for a while (the sender waited; see {@code sendBlockMillis}). */
    public long sendsHeldBack;
    /** Messages held back for the whole of {@code sendBlockMillis} and not sent (also counted in {@link #sendFailures}). */
    public long sendTimeouts;
}
