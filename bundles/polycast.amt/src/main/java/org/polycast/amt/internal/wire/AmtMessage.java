package org.polycast.amt.internal.wire;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The seven AMT messages of RFC 7450 section 5.1, as values. Nonces are the 32 bits as sent; a
 * Response MAC is the 48-bit value in the low bits of a long. Encapsulated IP datagrams are kept
 * as byte arrays owned by the message (no Netty buffers, so nothing here needs releasing).
 */
public sealed interface AmtMessage {

    AmtMessageType type();

    /** Type 1, gateway to relay: 8 octets. */
    record RelayDiscovery(int nonce) implements AmtMessage {
        @Override
        public AmtMessageType type() {
            return AmtMessageType.RELAY_DISCOVERY;
        }
    }

    /** Type 2, relay to gateway: 12 octets (IPv4 relay) or 24 (IPv6 relay); the family is implied by the length. */
    record RelayAdvertisement(int nonce, InetAddress relay) implements AmtMessage {
        @Override
        public AmtMessageType type() {
            return AmtMessageType.RELAY_ADVERTISEMENT;
        }
    }

    /**
     * Type 3, gateway to relay: 8 octets. {@code ipv6Query} is the P flag: the relay answers with an
     * MLDv2 query in IPv6 when set, an IGMPv3 query in IPv4 otherwise. {@code linuxPBit} writes P at
     * 0x80 as the Linux driver does (amt.md section 6.4) instead of RFC 7450's 0x01.
     */
    record Request(int nonce, boolean ipv6Query, boolean linuxPBit) implements AmtMessage {
        public Request(int nonce, boolean ipv6Query) {
            this(nonce, ipv6Query, false);
        }

        @Override
        public AmtMessageType type() {
            return AmtMessageType.REQUEST;
        }
    }

    /**
     * Type 4, relay to gateway: flags, Response MAC, the Request's nonce, the encapsulated general
     * query (a complete IPv4 or IPv6 datagram), and when {@code gateway} is not null (G flag) the
     * gateway's address and port as the relay saw them.
     */
    record MembershipQuery(boolean limit, long mac, int nonce, byte[] query, InetSocketAddress gateway) implements AmtMessage {
        @Override
        public AmtMessageType type() {
            return AmtMessageType.MEMBERSHIP_QUERY;
        }
    }

    /** Type 5, gateway to relay: the MAC and nonce of the last Query, and an IGMP or MLD report in a complete IP datagram. */
    record MembershipUpdate(long mac, int nonce, byte[] report) implements AmtMessage {
        @Override
        public AmtMessageType type() {
            return AmtMessageType.MEMBERSHIP_UPDATE;
        }
    }

    /** Type 6, relay to gateway: one complete IPv4 or IPv6 multicast datagram. */
    record MulticastData(byte[] datagram) implements AmtMessage {
        @Override
        public AmtMessageType type() {
            return AmtMessageType.MULTICAST_DATA;
        }
    }

    /** Type 7, gateway to relay: ends the tunnel of an old gateway endpoint, with that endpoint's MAC and nonce. 30 octets. */
    record Teardown(long mac, int nonce, InetSocketAddress gateway) implements AmtMessage {
        @Override
        public AmtMessageType type() {
            return AmtMessageType.TEARDOWN;
        }
    }
}
