package org.polycast.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * An image's launch settings, from its {@code launcher.properties}: the framework properties (every key that is not
 * {@code launch.*}), the bundles in install order, each bundle's start level by symbolic name, and the start level of
 * bundles installed later (FileInstall's).
 */
record LaunchSettings(Map<String, String> frameworkProperties, List<String> bundles, Map<String, Integer> startLevels, int defaultStartLevel) {

    static LaunchSettings read(InputStream in) throws IOException, LaunchException {
        Properties p = new Properties();
        p.load(in);
        Map<String, String> framework = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (!key.startsWith(ImageLayout.LAUNCH_PREFIX)) {
                framework.put(key, p.getProperty(key));
            }
        }
        List<String> bundles = new ArrayList<>();
        for (String b : splitClauses(p.getProperty(ImageLayout.BUNDLES, ""))) {
            bundles.add(b.trim());
        }
        if (bundles.isEmpty()) {
            throw new LaunchException("the image lists no bundles (" + ImageLayout.BUNDLES + ")", null);
        }
        Map<String, Integer> levels = new LinkedHashMap<>();
        for (String clause : splitClauses(p.getProperty(ImageLayout.BUNDLE_ATTRIBUTES, ""))) {
            String[] parts = splitParameters(clause);
            String name = parts[0].trim();
            for (int i = 1; i < parts.length; i++) {
                String a = parts[i].trim();
                if (a.startsWith("startlevel=")) {
                    levels.put(name, parseLevel(a.substring("startlevel=".length()), clause));
                }
            }
        }
        int defaultLevel = parseLevel(p.getProperty(ImageLayout.DEFAULT_START_LEVEL, "1"), ImageLayout.DEFAULT_START_LEVEL);
        return new LaunchSettings(framework, List.copyOf(bundles), Map.copyOf(levels), defaultLevel);
    }

    /** The start level of a bundle by symbolic name; bundles the image does not name start at 1. */
    int startLevel(String symbolicName) {
        return startLevels.getOrDefault(symbolicName, 1);
    }

    private static int parseLevel(String text, String where) throws LaunchException {
        try {
            int level = Integer.parseInt(text.replace("\"", "").trim());
            if (level < 1) {
                throw new NumberFormatException("below 1");
            }
            return level;
        } catch (NumberFormatException e) {
            throw new LaunchException("bad start level '" + text + "' in " + where, e);
        }
    }

    /** Splits an OSGi header at the commas outside quotes. */
    static List<String> splitClauses(String header) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        boolean quoted = false;
        for (char c : header.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                if (!b.toString().isBlank()) {
                    out.add(b.toString());
                }
                b.setLength(0);
            } else {
                b.append(c);
            }
        }
        if (!b.toString().isBlank()) {
            out.add(b.toString());
        }
        return out;
    }

    /** Splits a clause at the semicolons outside quotes. */
    private static String[] splitParameters(String clause) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        boolean quoted = false;
        for (char c : clause.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ';' && !quoted) {
                out.add(b.toString());
                b.setLength(0);
            } else {
                b.append(c);
            }
        }
        out.add(b.toString());
        return out.toArray(String[]::new);
    }
}
