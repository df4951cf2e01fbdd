package org.polycast.reload.internal.message;

import java.nio.charset.StandardCharsets;

import org.polycast.reload.internal.wire.ErrorCode;
import org.polycast.reload.internal.wire.ReloadFormatException;
import org.polycast.reload.internal.wire.WireReader;
import org.polycast.reload.internal.wire.WireWriter;

/** An error answer (RFC 6940 §6.3.3.1): a code and, here always, UTF-8 text saying why. */
public record ErrorResponse(int code, byte[] info) {
    public static ErrorResponse of(int code, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return new ErrorResponse(code, b.length > 0xffff ? java.util.Arrays.copyOf(b, 0xffff) : b);
    }

    public static ErrorResponse decode(byte[] body) throws ReloadFormatException {
        WireReader r = new WireReader(body);
        ErrorResponse e = new ErrorResponse(r.u16("error_code"), r.opaque(2, "error_info"));
        r.end("error response");
        return e;
    }

    public byte[] encode() {
        return new WireWriter(info.length + 4).u16(code).opaque(2, info).toByteArray();
    }

    public String text() {
        return ErrorCode.name(code) + (info.length == 0 ? "" : ": " + new String(info, StandardCharsets.UTF_8));
    }
}
