package org.polycast.reload.internal.wire;

import java.util.List;

/** The message code, the method-specific body and any extensions (RFC 6940 §6.3.3). */
public record MessageContents(int code, byte[] body, List<MessageExtension> extensions) {
    public MessageContents {
        extensions = List.copyOf(extensions);
    }

    public MessageContents(int code, byte[] body) {
        this(code, body, List.of());
    }

    static MessageContents read(WireReader r) throws ReloadFormatException {
        return new MessageContents(r.u16("message_code"), r.opaque(4, "message_body"), r.vector(4, "extensions", MessageExtension::read));
    }

    void write(WireWriter w) {
        w.u16(code).opaque(4, body).vector(4, extensions, (ww, e) -> e.write(ww));
    }
}
