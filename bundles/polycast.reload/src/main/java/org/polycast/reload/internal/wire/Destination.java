package org.polycast.reload.internal.wire;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An entry of a Destination or Via List (RFC 6940 §6.3.2.2): a Node-ID, a Resource-ID, an opaque id, or
 * the compressed 16-bit form whose top bit is set.
 */
public sealed interface Destination {
    int TYPE_NODE = 1;
    int TYPE_RESOURCE = 2;
    int TYPE_OPAQUE = 3;

    void write(WireWriter w);

    record Node(NodeId id) implements Destination {
        @Override
        public void write(WireWriter w) {
            w.u8(TYPE_NODE).u8(NodeId.LENGTH);
            id.write(w);
        }

        @Override
        public String toString() {
            return "node:" + id.shortHex();
        }
    }

    record Resource(byte[] id) implements Destination {
        @Override
        public void write(WireWriter w) {
            w.u8(TYPE_RESOURCE).u8(id.length + 1).opaque(1, id);
        }

        /** The position on the ring this Resource-ID names. */
        public NodeId position() {
            return NodeId.prefixOf(id);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Resource r && Arrays.equals(id, r.id);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(id);
        }

        @Override
        public String toString() {
            return "resource:" + HexFormat.of().formatHex(id);
        }
    }

    record Opaque(byte[] id) implements Destination {
        @Override
        public void write(WireWriter w) {
            w.u8(TYPE_OPAQUE).u8(id.length + 1).opaque(1, id);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Opaque r && Arrays.equals(id, r.id);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(id);
        }
    }

    /** The compressed form: 15 bits of id, the top bit of the first octet set. */
    record Compressed(int id) implements Destination {
        @Override
        public void write(WireWriter w) {
            w.u16(0x8000 | id);
        }
    }

    static Destination read(WireReader r) throws ReloadFormatException {
        int first = r.u8("destination type");
        if ((first & 0x80) != 0) {
            return new Compressed((first & 0x7f) << 8 | r.u8("compressed destination"));
        }
        int length = r.u8("destination length");
        WireReader body = r.slice(length, "destination");
        Destination d = switch (first) {
            case TYPE_NODE -> {
                if (length != NodeId.LENGTH) {
                    throw new ReloadFormatException("node destination: length " + length + ", this overlay's Node-IDs have " + NodeId.LENGTH);
                }
                yield new Node(NodeId.read(body, "node destination"));
            }
            case TYPE_RESOURCE -> new Resource(body.opaque(1, "resource destination"));
            case TYPE_OPAQUE -> new Opaque(body.opaque(1, "opaque destination"));
            default -> throw new ReloadFormatException("destination type " + first + " is not node (1), resource (2) or opaque (3)");
        };
        body.end("destination");
        return d;
    }
}
