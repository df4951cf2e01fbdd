package org.polycast.common.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.polycast.api.runtime.dto.GroupDTO;

class JsonWriterTest {
    @Test
    void writesPlainDataAndDtosAndEscapesWhatCouldBreakOutOfTheString() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", "a\"b\\c\n</script>");
        m.put("numbers", List.of(1, 2.5, Double.NaN));
        m.put("flag", true);
        m.put("none", null);
        m.put("array", new int[] {7, 8});
        GroupDTO g = new GroupDTO();
        g.name = "ham:opaque:x";
        g.listeners = 1;
        m.put("dto", g);
        String json = JsonWriter.write(m);
        assertEquals("{\"text\":\"a\\\"b\\\\c\\n\\u003c/script>\",\"numbers\":[1,2.5,null],\"flag\":true,\"none\":null,\"array\":[7,8],"
                + "\"dto\":{\"name\":\"ham:opaque:x\",\"address\":null,\"mappingSource\":null,\"listeners\":1,\"senders\":0,\"counters\":null}}", json);
    }
}
