package org.polycast.api.overlay;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A peer of a RELOAD overlay. Registered while the peer runs; {@link #joined()} says whether it has
 * joined the ring yet. Every operation completes asynchronously and fails with an
 * {@link OverlayException} that says what went wrong (no route, timeout, refused by policy).
 *
 * <h2>Service properties</h2>
 * <ul>
 * <li>{@value #OVERLAY_NAME} (String): the overlay's instance name.</li>
 * <li>{@value #NODE_ID} (String): this peer's Node-ID in hex.</li>
 * </ul>
 */
@ProviderType
public interface OverlayService {
    String OVERLAY_NAME = "polycast.overlay.name";
    String NODE_ID = "polycast.overlay.node.id";

    String overlayName();

    /** This peer's Node-ID, hex. */
    String nodeId();

    /** The user name its certificate carries (what USER-MATCH kinds are stored under). */
    String userName();

    boolean joined();

    /** The Resource-ID the overlay uses for a name (CHORD-RELOAD: SHA-1 truncated to 128 bits). */
    byte[] resourceId(String name);

    /**
     * Where this peer would send a message for the resource: the Node-ID (hex) of the next hop on the
     * overlay route, or this peer's own Node-ID when it is responsible for the resource (the root of a
     * tree built along reverse paths, as Scribe does).
     */
    CompletionStage<String> nextHop(byte[] resource);

    /** The kinds this overlay defines, by name. */
    List<String> kinds();

    /** Signs and stores values of a kind at a resource; completes with the Node-IDs holding replicas. */
    CompletionStage<List<String>> store(String kind, byte[] resource, List<OverlayValue> values, Duration lifetime);

    /** Fetches every value of a kind at a resource (signatures and access policy checked). */
    CompletionStage<List<OverlayValue>> fetch(String kind, byte[] resource);

    /**
     * Sends an experimental request ({@code exp_a}) to the peer responsible for a resource and
     * completes with its answer's body.
     */
    CompletionStage<byte[]> request(byte[] resource, byte[] body);

    /** The same to one peer, by Node-ID (hex). */
    CompletionStage<byte[]> requestNode(String nodeId, byte[] body);

    /** Serves the {@code exp_a} requests that reach this peer; closing the registration stops it. One handler at a time. */
    AutoCloseable serve(OverlayRequestHandler handler);

    /** This peer's certificate (DER), which names its Node-ID: what others verify its {@link #sign} signatures with. */
    byte[] certificate();

    /**
     * Signs data with this peer's enrolled key, by the algorithm of the overlay's messages (RSA with SHA-256). Takes
     * about a millisecond: call it off I/O threads.
     */
    byte[] sign(byte[] data);

    /**
     * Checks a signature made by {@link #sign} on another peer: the certificate must be one the overlay trusts (its CA,
     * or the self-signed rule where the overlay permits it) and must name the Node-ID, and the signature must be right.
     * Certificates checked once are remembered, so a repeated call costs the signature check only.
     *
     * @throws OverlayException Error_Forbidden with the reason when any of these does not hold
     */
    void verify(String nodeId, byte[] certificate, byte[] data, byte[] signature) throws OverlayException;
}
