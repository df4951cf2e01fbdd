package org.polycast.reload.internal.message;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

import org.polycast.reload.internal.wire.ReloadFormatException;
import org.polycast.reload.internal.wire.WireReader;
import org.polycast.reload.internal.wire.WireWriter;

/** An address and port (RFC 6940 §6.5.1.2): type 1 IPv4 (6 octets), type 2 IPv6 (18 octets). */
public record IpAddressPort(InetSocketAddress address) {
    public static IpAddressPort read(WireReader r) throws ReloadFormatException {
        int type = r.u8("address type");
        int length = r.u8("address length");
        int expected = type == 1 ? 6 : type == 2 ? 18 : -1;
        if (expected < 0) {
            throw new ReloadFormatException("address type " + type + " is neither IPv4 (1) nor IPv6 (2)");
        }
        if (length != expected) {
            throw new ReloadFormatException("address length " + length + " for type " + type + ", expected " + expected);
        }
        byte[] ip = r.bytes(expected - 2, "address");
        int port = r.u16("port");
        try {
            return new IpAddressPort(new InetSocketAddress(InetAddress.getByAddress(ip), port));
        } catch (UnknownHostException e) {
            throw new ReloadFormatException("address: " + e.getMessage());
        }
    }

    public void write(WireWriter w) {
        byte[] ip = address.getAddress().getAddress();
        w.u8(ip.length == 4 ? 1 : 2).u8(ip.length + 2).bytes(ip).u16(address.getPort());
    }
}
