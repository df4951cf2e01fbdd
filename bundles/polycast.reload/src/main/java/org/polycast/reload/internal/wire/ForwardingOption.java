package org.polycast.reload.internal.wire;

/** A forwarding option (RFC 6940 §6.3.2.3). None is defined for use; critical unknown ones are refused. */
public record ForwardingOption(int type, int flags, byte[] value) {
    public static final int FORWARD_CRITICAL = 0x01;
    public static final int DESTINATION_CRITICAL = 0x02;
    public static final int RESPONSE_COPY = 0x04;

    static ForwardingOption read(WireReader r) throws ReloadFormatException {
        return new ForwardingOption(r.u8("option type"), r.u8("option flags"), r.opaque(2, "option value"));
    }

    void write(WireWriter w) {
        w.u8(type).u8(flags).opaque(2, value);
    }

    public boolean forwardCritical() {
        return (flags & FORWARD_CRITICAL) != 0;
    }

    public boolean destinationCritical() {
        return (flags & DESTINATION_CRITICAL) != 0;
    }
}
