package org.polycast.amt.internal.wire;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

import org.polycast.amt.internal.wire.AmtMessage.MembershipQuery;
import org.polycast.amt.internal.wire.AmtMessage.MembershipUpdate;
import org.polycast.amt.internal.wire.AmtMessage.MulticastData;
import org.polycast.amt.internal.wire.AmtMessage.RelayAdvertisement;
import org.polycast.amt.internal.wire.AmtMessage.RelayDiscovery;
import org.polycast.amt.internal.wire.AmtMessage.Request;
import org.polycast.amt.internal.wire.AmtMessage.Teardown;

import io.netty.buffer.ByteBuf;

/**
 * Bit-exact encoding and decoding of AMT messages (RFC 7450 section 5.1). Stateless and
 * thread-safe. Decoding reads the readable bytes of a buffer without moving its indices and never
 * throws anything but {@link AmtFormatException}; reserved bits are written as zero and ignored on
 * receipt (RFC 7450: "ignored by the receiver"), and octets after a fixed-length message are
 * tolerated (VLC sends 9-octet Requests).
 */
public final class AmtCodec {
    /** The IANA UDP port of AMT relays. */
    public static final int PORT = 2268;
    /** Length of the G-flag fields at the end of a Membership Query: port and 128-bit address. */
    static final int GATEWAY_FIELDS = 18;
    private static final int MAC_MASK_BITS = 48;
    /** The smallest IP datagram that can be encapsulated: an IPv4 header. */
    private static final int MIN_DATAGRAM = 20;

    private AmtCodec() {
    }

    public static void encode(AmtMessage message, ByteBuf out) {
        out.writeByte(message.type().code()); // version 0 in the high nibble
        if (message instanceof RelayDiscovery m) {
            out.writeMedium(0);
            out.writeInt(m.nonce());
        } else if (message instanceof RelayAdvertisement m) {
            out.writeMedium(0);
            out.writeInt(m.nonce());
            out.writeBytes(m.relay().getAddress());
        } else if (message instanceof Request m) {
            out.writeByte(m.ipv6Query() ? (m.linuxPBit() ? 0x80 : 0x01) : 0);
            out.writeShort(0);
            out.writeInt(m.nonce());
        } else if (message instanceof MembershipQuery m) {
            out.writeByte((m.limit() ? 0x02 : 0) | (m.gateway() != null ? 0x01 : 0));
            writeMac(out, m.mac());
            out.writeInt(m.nonce());
            out.writeBytes(m.query());
            if (m.gateway() != null) {
                writeGateway(out, m.gateway());
            }
        } else if (message instanceof MembershipUpdate m) {
            out.writeByte(0);
            writeMac(out, m.mac());
            out.writeInt(m.nonce());
            out.writeBytes(m.report());
        } else if (message instanceof MulticastData m) {
            out.writeByte(0);
            out.writeBytes(m.datagram());
        } else if (message instanceof Teardown m) {
            out.writeByte(0);
            writeMac(out, m.mac());
            out.writeInt(m.nonce());
            writeGateway(out, m.gateway());
        }
    }

    /** The encoded length of a message. */
    public static int length(AmtMessage message) {
        if (message instanceof RelayAdvertisement m) {
            return 8 + m.relay().getAddress().length;
        } else if (message instanceof MembershipQuery m) {
            return 12 + m.query().length + (m.gateway() != null ? GATEWAY_FIELDS : 0);
        } else if (message instanceof MembershipUpdate m) {
            return 12 + m.report().length;
        } else if (message instanceof MulticastData m) {
            return 2 + m.datagram().length;
        } else if (message instanceof Teardown) {
            return 12 + GATEWAY_FIELDS;
        }
        return 8; // Relay Discovery, Request
    }

    public static AmtMessage decode(ByteBuf in) throws AmtFormatException {
        int start = in.readerIndex();
        int length = in.readableBytes();
        if (length < 2) {
            throw new AmtFormatException("truncated: " + length + " octets");
        }
        int first = in.getUnsignedByte(start);
        if ((first >>> 4) != 0) {
            throw new AmtFormatException("version " + (first >>> 4) + ", expected 0");
        }
        AmtMessageType type = AmtMessageType.of(first & 0x0f);
        if (type == null) {
            throw new AmtFormatException("unknown message type " + (first & 0x0f));
        }
        return switch (type) {
            case RELAY_DISCOVERY -> {
                atLeast(type, length, 8);
                yield new RelayDiscovery(in.getInt(start + 4));
            }
            case RELAY_ADVERTISEMENT -> {
                if (length != 12 && length != 24) {
                    throw new AmtFormatException(type + ": " + length + " octets, expected 12 (IPv4 relay) or 24 (IPv6 relay)");
                }
                InetAddress relay = address(in, start + 8, length - 8);
                if (relay.isAnyLocalAddress() || relay.isMulticastAddress() || relay.isLoopbackAddress()) {
                    throw new AmtFormatException(type + ": relay address " + relay.getHostAddress() + " is not a unicast address");
                }
                yield new RelayAdvertisement(in.getInt(start + 4), relay);
            }
            case REQUEST -> {
                atLeast(type, length, 8);
                int flags = in.getUnsignedByte(start + 1);
                // RFC 7450 puts P in the least significant bit; the Linux driver sends it as 0x80 (amt.md 6.4): accept both.
                yield new Request(in.getInt(start + 4), (flags & 0x81) != 0, (flags & 0x80) != 0);
            }
            case MEMBERSHIP_QUERY -> {
                int flags = in.getUnsignedByte(start + 1);
                boolean g = (flags & 0x01) != 0;
                int fixed = 12 + (g ? GATEWAY_FIELDS : 0);
                atLeast(type, length, fixed + MIN_DATAGRAM);
                byte[] query = new byte[length - fixed];
                in.getBytes(start + 12, query);
                InetSocketAddress gateway = g ? gateway(in, start + length - GATEWAY_FIELDS) : null;
                yield new MembershipQuery((flags & 0x02) != 0, mac(in, start + 2), in.getInt(start + 8), query, gateway);
            }
            case MEMBERSHIP_UPDATE -> {
                atLeast(type, length, 12 + MIN_DATAGRAM);
                byte[] report = new byte[length - 12];
                in.getBytes(start + 12, report);
                yield new MembershipUpdate(mac(in, start + 2), in.getInt(start + 8), report);
            }
            case MULTICAST_DATA -> {
                atLeast(type, length, 2 + MIN_DATAGRAM);
                byte[] datagram = new byte[length - 2];
                in.getBytes(start + 2, datagram);
                yield new MulticastData(datagram);
            }
            case TEARDOWN -> {
                atLeast(type, length, 12 + GATEWAY_FIELDS);
                yield new Teardown(mac(in, start + 2), in.getInt(start + 8), gateway(in, start + 12));
            }
        };
    }

    private static void atLeast(AmtMessageType type, int length, int minimum) throws AmtFormatException {
        if (length < minimum) {
            throw new AmtFormatException(type + " truncated: " + length + " octets, at least " + minimum + " expected");
        }
    }

    private static void writeMac(ByteBuf out, long mac) {
        out.writeShort((int) (mac >>> 32));
        out.writeInt((int) mac);
    }

    private static long mac(ByteBuf in, int at) {
        return ((long) in.getUnsignedShort(at) << 32) | in.getUnsignedInt(at + 2);
    }

    /** The 48 low bits of a value: the Response MAC field. */
    public static long truncateMac(long value) {
        return value & ((1L << MAC_MASK_BITS) - 1);
    }

    /** Gateway port and address; IPv4 as an IPv4-compatible IPv6 address (96 zero bits, then the IPv4 address). */
    private static void writeGateway(ByteBuf out, InetSocketAddress gateway) {
        out.writeShort(gateway.getPort());
        byte[] a = gateway.getAddress().getAddress();
        if (a.length == 4) {
            out.writeZero(12);
        }
        out.writeBytes(a);
    }

    private static InetSocketAddress gateway(ByteBuf in, int at) throws AmtFormatException {
        int port = in.getUnsignedShort(at);
        byte[] a = new byte[16];
        in.getBytes(at + 2, a);
        boolean v4 = true;
        for (int i = 0; i < 12; i++) {
            v4 &= a[i] == 0;
        }
        InetAddress address = v4 ? address(a, 12, 4) : address(a, 0, 16);
        return new InetSocketAddress(address, port);
    }

    private static InetAddress address(ByteBuf in, int at, int length) throws AmtFormatException {
        byte[] a = new byte[length];
        in.getBytes(at, a);
        return address(a, 0, length);
    }

    static InetAddress address(byte[] b, int at, int length) throws AmtFormatException {
        byte[] a = new byte[length];
        System.arraycopy(b, at, a, 0, length);
        try {
            InetAddress address = InetAddress.getByAddress(a);
            // getByAddress turns IPv4-mapped IPv6 into IPv4; keep the family the octets say.
            if (length == 16 && address instanceof Inet4Address) {
                return Inet6Address.getByAddress(null, a, null);
            }
            return address;
        } catch (UnknownHostException e) {
            throw new AmtFormatException("address of " + length + " octets");
        }
    }
}
