package org.polycast.api.spi;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;
import org.polycast.api.HamUri;

/**
 * One Interface of a technology (RFC 7046 section 2: "a forwarding instance of a distribution
 * technology on a given node"), registered as an OSGi service by a technology bundle. A bundle
 * that offers several Interfaces (one per network card, say) registers one service for each,
 * and registers or unregisters them as they come and go.
 *
 * <h2>Service properties</h2>
 * <ul>
 * <li>{@value #TECHNOLOGY} (String, required): the technology, equal to {@link #technology()}.</li>
 * <li>{@value #INTERFACE_NAME} (String, optional): equal to {@link #name()}; used to show the
 * Interface before it is opened.</li>
 * <li>{@value #DEFAULT_INTERFACE} (Boolean, optional, default true): whether sockets that follow
 * the defaults use this Interface.</li>
 * <li>{@code service.ranking} (Integer, optional): preference of this Interface when the selection
 * policy picks one Interface per name; higher wins.</li>
 * <li>{@value #CONCURRENT_SEND} (Boolean, optional, default false): {@link #send} is thread-safe and
 * hands the datagram to the network without waiting for it (as a Netty channel write does). The core
 * then calls {@code send} directly on the sending application's thread, saving a thread hand-off per
 * message; a send that overruns the time limit still marks the Interface FAILED.</li>
 * <li>{@value #RECEIVE_ONLY} (Boolean, optional, default false): the Interface only receives (an AMT
 * gateway: RFC 7450 tunnels carry multicast from the relay to the gateway only). Sockets join
 * through it but never send through it, and a send that has no other Interface fails with a clear
 * reason; {@link #send} is never called.</li>
 * <li>{@value #FLOW_CONTROL} (Boolean, optional, default false): {@link #send} may refuse with
 * {@link SendBufferFullException} (its receivers can hold it back). A socket offers each message to such Interfaces
 * first, so that one that holds it back for too long keeps it from the others too and the sender can send it again.</li>
 * </ul>
 *
 * <h2>Threading and guards</h2>
 * The core calls every method of one Interface from one thread of its own, never concurrently,
 * and under a time limit (two seconds by default); the one exception is {@link #send} of an Interface
 * that declares {@value #CONCURRENT_SEND}. Methods must return quickly: network work that
 * takes time belongs on the technology's own threads. An Interface whose call throws is reported
 * failed for that call; one whose call overruns the limit is marked FAILED and gets no further
 * calls until the overrunning call returns. Neither disturbs other Interfaces.
 *
 * <h2>Addresses</h2>
 * Group Addresses are {@link HamUri}s in the technology's own namespace: for IP,
 * {@code ham:ip:239.192.0.7:5000} or {@code ham:ip:232.1.1.1@198.18.1.1:5000}. A technology for which a
 * name is already an address (the canonical mapping of RFC 7046 section 3.5) returns the name.
 */
@ConsumerType
public interface TechnologyInterface {
    /** Service property: the technology name (String), for example {@code ip}, {@code amt}, {@code loopback}. */
    String TECHNOLOGY = "polycast.technology";
    /** Service property: the Interface name (String), for example {@code eth0}. */
    String INTERFACE_NAME = "polycast.interface.name";
    /** Service property: whether default sockets use this Interface (Boolean, default true). */
    String DEFAULT_INTERFACE = "polycast.interface.default";
    /** Service property: {@link #send} is thread-safe and non-blocking, so the core may call it from any thread (Boolean, default false). */
    String CONCURRENT_SEND = "polycast.send.concurrent";
    /** Service property: the Interface only receives, so the core never sends through it (Boolean, default false). */
    String RECEIVE_ONLY = "polycast.receive.only";
    /** Service property: {@link #send} may refuse with {@link SendBufferFullException} (Boolean, default false). */
    String FLOW_CONTROL = "polycast.send.flowcontrol";

    /** The technology, for example {@code ip}; fixed for the life of the service. */
    String technology();

    /** The Interface name, for example {@code eth0}; together with the technology it identifies the Interface. */
    String name();

    /** The Interface's own address in its technology, for display. */
    String address();

    /**
     * Starts the Interface. From now on the technology delivers received data and events through
     * {@code context}, until {@link #close()}.
     */
    void open(InterfaceContext context) throws Exception;

    /** Stops the Interface: no more deliveries; memberships made through it may be dropped. */
    void close();

    /**
     * Maps a Group Name to this Interface's Group Address by the technology's own rule: the
     * name itself where it is already an address here, otherwise a documented deterministic
     * derivation. Empty if the Interface cannot carry the name. Mapping services, where present,
     * are asked first.
     */
    Optional<HamUri> map(HamUri groupName);

    /** Subscribes to the address (an IGMP/MLD join, an overlay subscription, ...). */
    void join(HamUri address) throws Exception;

    /** Ends the subscription made by {@link #join}. */
    void leave(HamUri address) throws Exception;

    /** Announces this node as a source of the address; most technologies need nothing. */
    default void registerSource(HamUri address) throws Exception {
    }

    /** Ends {@link #registerSource}. */
    default void deregisterSource(HamUri address) throws Exception {
    }

    /**
     * Sends one datagram of at most {@link #atomicMessageSize()} bytes. The buffer is valid only during
     * the call (it may be the application's own array, which it reuses once {@code send} returns): a
     * technology that writes later copies it first, into the buffer it writes from anyway (a pooled direct
     * buffer, say). It must not change the buffer's content.
     * <p>
     * A technology with flow control (its receivers can hold it back) throws {@link SendBufferFullException} instead of
     * queuing without bound or dropping; the core then waits, bounded, for {@link InterfaceContext#sendBufferAvailable()}.
     *
     * @param ttl hop limit, 0 to 255
     * @throws SendBufferFullException if the datagram cannot be taken now; nothing of it was sent
     */
    void send(HamUri address, ByteBuffer payload, int ttl) throws Exception;

    /** The largest datagram {@link #send} carries unfragmented; at least 512 bytes. */
    int atomicMessageSize();

    /** The hop limit used when the application set none. */
    default int defaultTtl() {
        return 1;
    }

    /** {@code neighborSet}: empty where the technology cannot know. */
    default List<HamUri> neighborSet() {
        return List.of();
    }

    /** {@code childrenSet} for an address: empty where the technology cannot know. */
    default List<HamUri> childrenSet(HamUri address) {
        return List.of();
    }

    /** {@code parentSet} for an address: empty where the technology cannot know. */
    default List<HamUri> parentSet(HamUri address) {
        return List.of();
    }

    /** {@code designatedHost} for an address: false where the technology cannot know. */
    default boolean designatedHost(HamUri address) {
        return false;
    }
}
