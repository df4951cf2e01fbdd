package org.polycast.common.internal;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;

import org.osgi.dto.DTO;

/**
 * Writes plain data as JSON: strings, numbers, booleans, enums, arrays, collections, maps, records by their components,
 * DTOs by their public fields, and {@code Optional} as its value or null. For the web console's data and the shell's
 * {@code --json}.
 */
public final class JsonWriter {
    private static final int MAX_DEPTH = 32;

    private JsonWriter() {
    }

    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, 0);
        return out.toString();
    }

    private static void write(StringBuilder out, Object v, int depth) {
        if (depth > MAX_DEPTH) {
            out.append("null");
        } else if (v == null) {
            out.append("null");
        } else if (v instanceof Boolean b) {
            out.append(b);
        } else if (v instanceof Double d && (d.isNaN() || d.isInfinite()) || v instanceof Float f && (f.isNaN() || f.isInfinite())) {
            out.append("null");
        } else if (v instanceof Number n) {
            out.append(n);
        } else if (v instanceof Map<?, ?> m) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, String.valueOf(e.getKey()));
                out.append(':');
                write(out, e.getValue(), depth + 1);
            }
            out.append('}');
        } else if (v instanceof Collection<?> c) {
            out.append('[');
            boolean first = true;
            for (Object o : c) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(out, o, depth + 1);
            }
            out.append(']');
        } else if (v.getClass().isArray()) {
            out.append('[');
            for (int i = 0; i < Array.getLength(v); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(out, Array.get(v, i), depth + 1);
            }
            out.append(']');
        } else if (v instanceof java.util.Optional<?> o) {
            write(out, o.orElse(null), depth + 1);
        } else if (v.getClass().isRecord()) {
            out.append('{');
            boolean first = true;
            for (RecordComponent c : v.getClass().getRecordComponents()) {
                key(out, first, c.getName());
                first = false;
                try {
                    c.getAccessor().setAccessible(true);
                    write(out, c.getAccessor().invoke(v), depth + 1);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    out.append("null");
                }
            }
            out.append('}');
        } else if (v instanceof DTO) {
            out.append('{');
            boolean first = true;
            for (Field f : v.getClass().getFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                key(out, first, f.getName());
                first = false;
                try {
                    write(out, f.get(v), depth + 1);
                } catch (IllegalAccessException e) {
                    out.append("null");
                }
            }
            out.append('}');
        } else {
            string(out, v instanceof Enum<?> e ? e.name() : v.toString());
        }
    }

    /** An object member's name and colon, after a comma unless it is the first member. */
    private static void key(StringBuilder out, boolean first, String name) {
        if (!first) {
            out.append(',');
        }
        string(out, name);
        out.append(':');
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                // '<' escaped so that the JSON can never close a script element it is embedded in
                case '<' -> out.append("\\u003c");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
