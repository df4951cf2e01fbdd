package org.polycast.reload.internal.message;

import java.util.List;

import org.polycast.reload.internal.wire.ReloadFormatException;
import org.polycast.reload.internal.wire.WireReader;
import org.polycast.reload.internal.wire.WireWriter;

/**
 * A candidate of an Attach or AppAttach (RFC 6940 §6.5.1.1). Without ICE only host candidates on
 * overlay link TLS-TCP-FH-NO-ICE (4) are offered; the other types are decoded for completeness.
 */
public record IceCandidate(IpAddressPort address, int overlayLink, byte[] foundation, long priority, int type, IpAddressPort related,
        List<Extension> extensions) {
    public static final int LINK_TLS_TCP_FH_NO_ICE = 4;
    public static final int HOST = 1;
    public static final int SRFLX = 2;
    public static final int PRFLX = 3;
    public static final int RELAY = 4;

    /** An ICE extension: name and value. */
    public record Extension(byte[] name, byte[] value) {
    }

    public static IceCandidate host(IpAddressPort address) {
        return new IceCandidate(address, LINK_TLS_TCP_FH_NO_ICE, new byte[] {'1'}, 0x7e0000ffL, HOST, null, List.of());
    }

    public static IceCandidate read(WireReader r) throws ReloadFormatException {
        IpAddressPort addr = IpAddressPort.read(r);
        int link = r.u8("overlay_link");
        byte[] foundation = r.opaque(1, "foundation");
        long priority = r.u32("priority");
        int type = r.u8("candidate type");
        IpAddressPort related = switch (type) {
            case HOST -> null;
            case SRFLX, PRFLX, RELAY -> IpAddressPort.read(r);
            default -> throw new ReloadFormatException("candidate type " + type + " unknown");
        };
        List<Extension> ext = r.vector(2, "ice extensions", x -> new Extension(x.opaque(2, "extension name"), x.opaque(2, "extension value")));
        return new IceCandidate(addr, link, foundation, priority, type, related, ext);
    }

    public void write(WireWriter w) {
        address.write(w);
        w.u8(overlayLink).opaque(1, foundation).u32(priority).u8(type);
        if (type != HOST) {
            related.write(w);
        }
        w.vector(2, extensions, (ww, e) -> ww.opaque(2, e.name).opaque(2, e.value));
    }
}
