package org.polycast.reload.internal.wire;

import java.util.List;

/**
 * One RELOAD message (RFC 6940 §6.3): the forwarding header with its Via and Destination Lists and
 * options, the message contents, and the security block. Decoded messages hold copies of their bytes,
 * never a Netty buffer, so nothing here needs releasing.
 *
 * @param fragment the fragment field; unfragmented messages (the only kind sent over TLS) carry 0xC0000000
 */
public record ReloadMessage(int overlay, int configurationSequence, int version, int ttl, long fragment, long transactionId,
        long maxResponseLength, List<Destination> via, List<Destination> destinations, List<ForwardingOption> options,
        MessageContents contents, SecurityBlock security) {
    public static final int RELO_TOKEN = 0xd2454c4f;
    public static final int VERSION = 0x0a;
    public static final long UNFRAGMENTED = 0xC0000000L;
    public static final int FIXED_HEADER = 38;

    public ReloadMessage {
        via = List.copyOf(via);
        destinations = List.copyOf(destinations);
        options = List.copyOf(options);
    }

    public int code() {
        return contents.code();
    }

    public ReloadMessage withTtl(int newTtl) {
        return new ReloadMessage(overlay, configurationSequence, version, newTtl, fragment, transactionId, maxResponseLength, via,
                destinations, options, contents, security);
    }

    public ReloadMessage withRoute(List<Destination> newVia, List<Destination> newDestinations) {
        return new ReloadMessage(overlay, configurationSequence, version, ttl, fragment, transactionId, maxResponseLength, newVia,
                newDestinations, options, contents, security);
    }

    public byte[] encode() {
        WireWriter w = new WireWriter(FIXED_HEADER + contents.body().length + 512);
        w.u32(RELO_TOKEN & 0xffffffffL).u32(overlay & 0xffffffffL).u16(configurationSequence).u8(version).u8(ttl).u32(fragment);
        int lengthAt = w.size();
        w.u32(0).u64(transactionId).u32(maxResponseLength);
        WireWriter lists = new WireWriter();
        via.forEach(d -> d.write(lists));
        int viaLength = lists.size();
        destinations.forEach(d -> d.write(lists));
        int destinationLength = lists.size() - viaLength;
        options.forEach(o -> o.write(lists));
        int optionsLength = lists.size() - viaLength - destinationLength;
        w.u16(checked(viaLength, "via list")).u16(checked(destinationLength, "destination list")).u16(checked(optionsLength, "options"));
        w.bytes(lists.toByteArray());
        contents.write(w);
        security.write(w);
        w.patchU32(lengthAt, w.size());
        return w.toByteArray();
    }

    private static int checked(int n, String what) {
        if (n > 0xffff) {
            throw new IllegalArgumentException(what + " of " + n + " octets exceeds 65535");
        }
        return n;
    }

    /** Decodes one whole message; the error says what is wrong. */
    public static ReloadMessage decode(byte[] data) throws ReloadFormatException {
        WireReader r = new WireReader(data);
        long token = r.u32("relo_token");
        if (token != (RELO_TOKEN & 0xffffffffL)) {
            throw new ReloadFormatException("relo_token 0x" + Long.toHexString(token) + " is not 0xd2454c4f");
        }
        int overlay = (int) r.u32("overlay");
        int sequence = r.u16("configuration_sequence");
        int version = r.u8("version");
        if (version != VERSION) {
            throw new ReloadFormatException("version 0x" + Integer.toHexString(version) + " is not RELOAD 1.0 (0x0a)");
        }
        int ttl = r.u8("ttl");
        long fragment = r.u32("fragment");
        if (fragment != UNFRAGMENTED) {
            throw new ReloadFormatException("fragment 0x" + Long.toHexString(fragment) + ": fragmented messages are not supported over TLS links");
        }
        long length = r.u32("length");
        if (length != data.length) {
            throw new ReloadFormatException("length field " + length + " but the message has " + data.length + " octets");
        }
        long transactionId = r.u64("transaction_id");
        long maxResponse = r.u32("max_response_length");
        int viaLength = r.u16("via_list_length");
        int destinationLength = r.u16("destination_list_length");
        int optionsLength = r.u16("options_length");
        List<Destination> via = list(r.slice(viaLength, "via list"));
        List<Destination> destinations = list(r.slice(destinationLength, "destination list"));
        if (destinations.isEmpty()) {
            throw new ReloadFormatException("empty destination list");
        }
        for (int i = 0; i < via.size(); i++) {
            if (via.get(i) instanceof Destination.Resource) {
                throw new ReloadFormatException("a Resource-ID in the via list");
            }
        }
        for (int i = 0; i < destinations.size() - 1; i++) {
            if (destinations.get(i) instanceof Destination.Resource) {
                throw new ReloadFormatException("a Resource-ID that is not the last destination");
            }
        }
        WireReader optionBytes = r.slice(optionsLength, "options");
        List<ForwardingOption> options = new java.util.ArrayList<>();
        while (optionBytes.hasMore()) {
            options.add(ForwardingOption.read(optionBytes));
        }
        MessageContents contents = MessageContents.read(r);
        SecurityBlock security = SecurityBlock.read(r);
        r.end("message");
        return new ReloadMessage(overlay, sequence, version, ttl, fragment, transactionId, maxResponse, via, destinations, options, contents,
                security);
    }

    private static List<Destination> list(WireReader r) throws ReloadFormatException {
        List<Destination> out = new java.util.ArrayList<>();
        while (r.hasMore()) {
            out.add(Destination.read(r));
        }
        return out;
    }

    /** What the message signature covers (§6.3.4): overlay, transaction id, the contents and the signer identity. */
    public static byte[] signedInput(int overlay, long transactionId, MessageContents contents, SignerIdentity signer) {
        WireWriter w = new WireWriter(contents.body().length + 128);
        w.u32(overlay & 0xffffffffL).u64(transactionId);
        contents.write(w);
        signer.write(w);
        return w.toByteArray();
    }

    @Override
    public String toString() {
        return MessageCode.name(contents.code()) + " tid=" + Long.toHexString(transactionId) + " ttl=" + ttl + " via=" + via + " to="
                + destinations;
    }
}
