package org.polycast.reload.internal.applink;

/**
 * The wire rules of application links (RFC 6940 leaves an AppAttach connection's content to the application):
 * <ul>
 * <li>TLS over TCP, mutual authentication with the overlay's certificates; the AppAttach's sender is the TLS server.</li>
 * <li>The connecting side's first octets after the handshake are the AppAttach's token: {@code uint8 length} and the
 * token (the AppAttach's ufrag), so that the accepting side matches the connection to its AppAttach.</li>
 * <li>Then frames in both directions: {@code uint24 length} and that many octets, at most {@link #MAX_FRAME}.</li>
 * </ul>
 */
public final class AppLinkPreamble {
    /** Octets of a frame's length field. */
    public static final int LENGTH_FIELD = 3;
    public static final int MAX_FRAME = org.polycast.api.overlay.AppLinks.MAX_FRAME;
    public static final int MAX_TOKEN = 255;

    private AppLinkPreamble() {
    }
}
