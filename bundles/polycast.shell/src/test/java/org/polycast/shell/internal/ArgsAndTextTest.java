package org.polycast.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.polycast.api.HamUri;

class ArgsAndTextTest {
    @Test
    void positionalsOptionsAndHelp() {
        Args a = new Args("ham:send", new Object[] {"ham:opaque:x", "hi", "--count", "3"}, Set.of("count", "interval"));
        a.expect(2, 2, "usage");
        assertEquals(HamUri.parse("ham:opaque:x"), a.uri(0));
        assertEquals(3, a.option("count", 1, 1, 10));
        assertEquals(0, a.option("interval", 0, 0, 10));
        assertTrue(new Args("ham:send", new Object[] {"--help"}, Set.of()).help());
    }

    @Test
    void errorsSayWhatIsWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Args("ham:send", new Object[] {"--bogus", "1"}, Set.of("count")))
                .getMessage().contains("unknown option --bogus"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Args("ham:send", new Object[] {"--count"}, Set.of("count")))
                .getMessage().contains("needs a value"));
        Args a = new Args("ham:listen", new Object[] {"ham:opaque:x", "many"}, Set.of());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.number(1, 1, 5, "COUNT")).getMessage().contains("whole number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.expect(0, 1, "ham:listen URI")).getMessage().contains("usage: ham:listen URI"));
    }

    @Test
    void tableAlignsColumns() {
        String t = new Table("A", "LONGER").row("xxxx", 1).row(null, "y").toString();
        assertEquals("A     LONGER\nxxxx  1\n-     y\n", t);
    }

    @Test
    void payloadsPrintSafely() {
        assertEquals("hello", Text.printable("hello".getBytes()));
        assertEquals("a\\x1b[2Jb", Text.printable("a\u001b[2Jb".getBytes()));
        assertEquals("\\xff\\x00A", Text.printable(new byte[] {(byte) 0xff, 0, 'A'}));
        assertEquals("grüße", Text.printable("grüße".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
