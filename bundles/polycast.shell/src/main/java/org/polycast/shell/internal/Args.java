package org.polycast.shell.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.polycast.api.HamUri;

/** Command-line arguments of one shell command: positionals and {@code --name value} options, checked against what the command accepts. */
final class Args {
    private final String command;
    private final List<String> positionals = new ArrayList<>();
    private final Map<String, String> options = new HashMap<>();
    private final boolean help;
    private final Set<String> flagsGiven = new java.util.HashSet<>();

    Args(String command, Object[] raw, Set<String> valueOptions) {
        this(command, raw, valueOptions, Set.of());
    }

    /** @param flags options that take no value, such as {@code --raw} */
    Args(String command, Object[] raw, Set<String> valueOptions, Set<String> flags) {
        this.command = command;
        boolean h = false;
        for (int i = 0; i < raw.length; i++) {
            String a = String.valueOf(raw[i]);
            if (a.equals("--help") || a.equals("-h")) {
                h = true;
            } else if (a.startsWith("--") && a.length() > 2) {
                String name = a.substring(2);
                if (flags.contains(name)) {
                    flagsGiven.add(name);
                    continue;
                }
                if (!valueOptions.contains(name)) {
                    throw new IllegalArgumentException(command + ": unknown option " + a + " (see " + command + " --help)");
                }
                if (i + 1 >= raw.length) {
                    throw new IllegalArgumentException(command + ": option " + a + " needs a value");
                }
                options.put(name, String.valueOf(raw[++i]));
            } else {
                positionals.add(a);
            }
        }
        this.help = h;
    }

    boolean help() {
        return help;
    }

    /** The value of an option, as given; null if absent. */
    String text(String name) {
        return options.get(name);
    }

    boolean flag(String name) {
        return flagsGiven.contains(name);
    }

    int count() {
        return positionals.size();
    }

    void expect(int min, int max, String usage) {
        if (positionals.size() < min || positionals.size() > max) {
            throw new IllegalArgumentException("usage: " + usage);
        }
    }

    String string(int i) {
        return positionals.get(i);
    }

    HamUri uri(int i) {
        return HamUri.parse(positionals.get(i));
    }

    long number(int i, long min, long max, String what) {
        return parse(positionals.get(i), min, max, what);
    }

    long option(String name, long fallback, long min, long max) {
        String v = options.get(name);
        return v == null ? fallback : parse(v, min, max, "--" + name);
    }

    private long parse(String text, long min, long max, String what) {
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(command + ": " + what + " must be a whole number, was '" + text + "'");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(command + ": " + what + " must be " + min + " to " + max + ", was " + value);
        }
        return value;
    }
}
