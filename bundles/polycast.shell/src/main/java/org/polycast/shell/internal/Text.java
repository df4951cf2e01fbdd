package org.polycast.shell.internal;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/** Shows payloads as text without letting control bytes garble a terminal. */
final class Text {
    private Text() {
    }

    /** Long input (a 10,000-character name) is not echoed whole: the first 120 characters and the length. */
    static String clip(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "... (" + text.length() + " characters)";
    }

    static String printable(byte[] payload) {
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            StringBuilder hex = new StringBuilder();
            for (byte b : payload) {
                int v = b & 0xff;
                hex.append(v >= 0x20 && v < 0x7f && v != '\\' ? String.valueOf((char) v) : String.format("\\x%02x", v));
            }
            return hex.toString();
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (c == '\\') {
                b.append("\\\\");
            } else if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}
