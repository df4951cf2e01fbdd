package org.polycast.api;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An abstract multicast socket (RFC 7046 section 4.4 to 4.6): one socket serves any number of
 * groups over one or more Interfaces. Created by {@link MulticastService#createSocket()};
 * {@link #close()} is {@code deleteMSocket}. All methods are thread-safe.
 *
 * <pre>{@code
 * try (MulticastSocket socket = service.createSocket()) {
 *     HamUri news = HamUri.parse("ham:opaque:news");
 *     socket.joinReporting(news).forEach(System.out::println);  // what happened on each Interface
 *     socket.setMessageListener(m -> System.out.println(m.payloadAsText()));
 *     socket.send(news, "hello".getBytes(StandardCharsets.UTF_8));
 * }
 * }</pre>
 *
 * <h2>Interfaces and hot plug</h2>
 * A socket created without Interfaces follows the defaults: it gains every default Interface that
 * appears while it is open and drops Interfaces whose technology goes away, without failing the
 * application. Memberships are kept by the socket and replayed on every Interface it gains.
 * A socket created with explicit Interfaces keeps those indices; an Interface that goes away and
 * comes back (same technology and name) is used again.
 *
 * <h2>Readings taken where RFC 7046 contradicts itself</h2>
 * <ul>
 * <li>{@code receive} returns the Group Name with the payload ({@link Message}), as section 4.5.2
 * says, not as the C signature of Appendix A allows.</li>
 * <li>{@code getTTL} takes an Interface, as the pseudo-syntax of section 4.6.5 says.</li>
 * <li>Failures are exceptions, not {@code -1}.</li>
 * </ul>
 */
@ProviderType
public interface MulticastSocket extends AutoCloseable {

    /** A number identifying this socket within the runtime, for display and introspection. */
    long id();

    /**
     * {@code join}: subscribes to the group on all of this socket's Interfaces (RFC 7046 4.4.3).
     * The membership is kept even where an Interface fails or none is present yet, and replayed
     * on Interfaces that appear later; per-Interface failures are visible in the runtime DTOs and in
     * {@link #joinReporting}. Joining a group twice is harmless. Blocks until each Interface's technology
     * has joined, at most the core's {@code callTimeoutMillis} (default 2,000 ms) plus the time mapping
     * services take (each bounded the same way); {@link #joinAsync} does not block.
     *
     * @throws SocketClosedException if the socket is closed
     */
    void join(HamUri groupName);

    /**
     * {@link #join} that tells what happened on each Interface the socket has now, in index order: done, not
     * carried there, failed with the technology's reason, or still pending when the call time limit passed. The
     * membership is kept and replayed exactly as for {@code join}, whatever the outcomes. Blocks at most the core's
     * {@code callTimeoutMillis} (plus mapping time). For a group already joined, the outcomes of the memberships there
     * now: done where the core holds the membership (a technology that failed the first time included), not carried elsewhere.
     *
     * @throws SocketClosedException if the socket is closed
     * @since 1.3
     */
    java.util.List<InterfaceOutcome> joinReporting(HamUri groupName);

    /**
     * {@code leave} (RFC 7046 4.4.4). Leaving a group not joined does nothing. Blocks until each Interface's
     * technology has left, at most the core's {@code callTimeoutMillis} (default 2,000 ms) in all.
     */
    void leave(HamUri groupName);

    /**
     * {@code srcRegister}: announces this socket as a source of the group on all its Interfaces
     * (RFC 7046 4.4.5). Technologies may use it to build trees or allocate addresses, or ignore it.
     * Blocks at most the core's {@code callTimeoutMillis} (plus mapping time).
     *
     * @return the indices of the Interfaces where registration failed; empty when all succeeded
     */
    Set<Integer> srcRegister(HamUri groupName);

    /** {@code srcDeregister} (RFC 7046 4.4.6); returns the indices of Interfaces where it failed. */
    Set<Integer> srcDeregister(HamUri groupName);

    /**
     * {@code send} (RFC 7046 4.5.1): sends the message to the group on every Interface of the
     * socket that can carry the name. Messages longer than an Interface's atomic size are
     * fragmented there and reassembled by receiving Polycast nodes.
     * <p>
     * <b>Blocking.</b> A send returns once every Interface has taken the message: handed it to the
     * network, or to a technology that delivers it on (an ALM tree). It blocks while an Interface's
     * flow control holds it back, because the receivers on that Interface read more slowly than this
     * socket sends (ALM trees over TLS links slow the sender to the pace of their members), at most the
     * runtime's {@code sendBlockMillis} (core configuration, default 2,000 ms). Then it throws
     * {@link SendTimeoutException} if no Interface took the message; an Interface that timed out while
     * others took it counts a send failure (runtime DTOs, {@code ham:stats}). Best-effort technologies
     * (native multicast) never block for their receivers: what the network drops there is counted by
     * the receiving runtime.
     *
     * @throws MessageTooLargeException if longer than {@link MulticastService#getMaxMsgSize()}
     * @throws SendTimeoutException     if flow control held the message back for {@code sendBlockMillis} on every Interface
     * @throws MulticastException       if no Interface of the socket could take the message
     */
    void send(HamUri groupName, byte[] message);

    /** {@code send} of {@code length} bytes of {@code message} from {@code offset}, without copying them first. */
    void send(HamUri groupName, byte[] message, int offset, int length);

    /**
     * {@code send} of the buffer's remaining bytes; afterwards its position is at its limit. A heap buffer is sent
     * from its array without a copy (as {@link #send(HamUri, byte[], int, int)}); a direct buffer is copied once.
     * Blocks and fails as {@link #send(HamUri, byte[])}.
     *
     * @since 1.3
     */
    void send(HamUri groupName, java.nio.ByteBuffer message);

    /**
     * {@code receive}, blocking: waits for the next message of any group this socket joined.
     *
     * @throws InterruptedException  if the thread is interrupted while waiting
     * @throws IllegalStateException if a {@link MessageListener} is set
     */
    Message receive() throws InterruptedException;

    /** {@code receive} with a time limit; empty if nothing arrived in time. */
    Optional<Message> receive(Duration timeout) throws InterruptedException;

    /**
     * Sets the listener that receives messages asynchronously instead of {@link #receive()};
     * {@code null} removes it. Messages already queued go to the new listener. A
     * {@link DirectMessageListener} is called on the technology's I/O threads instead of the socket's
     * delivery thread.
     */
    void setMessageListener(MessageListener listener);

    /**
     * Sets a listener called on the caller's {@code executor} instead of the core's shared pool: still one message at a
     * time per socket and in order (each call is one task; the next is submitted when it has returned), so that an
     * application's own threads, for instance a UI thread or a virtual-thread executor, run it. A
     * {@link DirectMessageListener} cannot be given an executor.
     *
     * @throws IllegalArgumentException for a DirectMessageListener
     * @since 1.3
     */
    void setMessageListener(MessageListener listener, java.util.concurrent.Executor executor);

    /**
     * {@link #joinReporting} without blocking the caller: the outcomes complete the stage (on a core thread).
     *
     * @since 1.3
     */
    java.util.concurrent.CompletionStage<java.util.List<InterfaceOutcome>> joinAsync(HamUri groupName);

    /**
     * {@link #leave} without blocking the caller.
     *
     * @since 1.3
     */
    java.util.concurrent.CompletionStage<Void> leaveAsync(HamUri groupName);

    /**
     * {@link #srcRegister} without blocking the caller: the indices of the Interfaces where it failed.
     *
     * @since 1.3
     */
    java.util.concurrent.CompletionStage<Set<Integer>> srcRegisterAsync(HamUri groupName);

    /** {@code getInterfaces}: the indices of this socket's Interfaces that are present now (RFC 7046 4.6.1). */
    List<Integer> getInterfaces();

    /**
     * {@code addInterface} (RFC 7046 4.6.2): the groups of this socket are joined there too.
     *
     * @throws NoSuchInterfaceException if no Interface has that index
     */
    void addInterface(int ifIndex);

    /** {@code delInterface} (RFC 7046 4.6.3): the socket leaves its groups there and stops using it. */
    void delInterface(int ifIndex);

    /** {@code setTTL} on all Interfaces of the socket, 0 to 255 (RFC 7046 4.6.4). */
    void setTTL(int hops);

    /** {@code setTTL} on the given Interfaces only. */
    void setTTL(int hops, Collection<Integer> ifIndices);

    /**
     * {@code getTTL} of one Interface of this socket (RFC 7046 4.6.5): the value set with
     * {@link #setTTL}, or the Interface's default.
     */
    int getTTL(int ifIndex);

    /**
     * {@code getAtomicMsgSize} (RFC 7046 4.6.6): the largest message that goes out unfragmented on
     * every Interface of this socket; it changes when Interfaces come and go.
     *
     * @throws MulticastException if the socket has no Interface
     */
    int getAtomicMsgSize();

    /** The Group Names this socket has joined. */
    Set<HamUri> joinedGroups();

    /** True until {@link #close()}. */
    boolean isOpen();

    /** {@code deleteMSocket}: leaves all groups, deregisters all sources, and frees the socket. Idempotent. */
    @Override
    void close();
}
