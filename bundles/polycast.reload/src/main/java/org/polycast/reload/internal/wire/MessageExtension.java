package org.polycast.reload.internal.wire;

/** A message extension (RFC 6940 §6.3.3); none is understood here, so a critical one is answered with Error_Unknown_Extension. */
public record MessageExtension(int type, boolean critical, byte[] contents) {
    static MessageExtension read(WireReader r) throws ReloadFormatException {
        return new MessageExtension(r.u16("extension type"), r.bool("extension critical"), r.opaque(4, "extension contents"));
    }

    void write(WireWriter w) {
        w.u16(type).bool(critical).opaque(4, contents);
    }
}
