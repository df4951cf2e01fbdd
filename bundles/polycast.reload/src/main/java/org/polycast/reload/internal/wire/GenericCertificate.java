package org.polycast.reload.internal.wire;

/** A certificate in the security block's bucket (RFC 6940 §6.3.4): type 0 is X.509 in DER. */
public record GenericCertificate(int type, byte[] der) {
    public static final int X509 = 0;

    static GenericCertificate read(WireReader r) throws ReloadFormatException {
        return new GenericCertificate(r.u8("certificate type"), r.opaque(2, "certificate"));
    }

    void write(WireWriter w) {
        w.u8(type).opaque(2, der);
    }
}
