package org.polycast.gateway.internal;

import java.util.regex.Pattern;

import org.polycast.api.InterfaceProperties;

/** Chooses Interfaces by technology and, optionally, a glob on the Interface name: {@code ip:eth1}, {@code ip:*-v6}, {@code alm}. */
record InterfaceSelector(String text, String technology, Pattern name) {

    static InterfaceSelector parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an interface selector is required: technology[:name], for example ip:eth1 or alm");
        }
        String t = text.trim();
        int colon = t.indexOf(':');
        String technology = colon < 0 ? t : t.substring(0, colon);
        if (!technology.matches("[a-z][a-z0-9.-]*")) {
            throw new IllegalArgumentException("selector '" + text + "': '" + technology + "' is not a technology name");
        }
        Pattern name = null;
        if (colon >= 0) {
            String glob = t.substring(colon + 1);
            if (glob.isEmpty()) {
                throw new IllegalArgumentException("selector '" + text + "': empty interface name after ':'");
            }
            StringBuilder re = new StringBuilder();
            for (char c : glob.toCharArray()) {
                re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
            }
            name = Pattern.compile(re.toString());
        }
        return new InterfaceSelector(t, technology, name);
    }

    boolean matches(InterfaceProperties p) {
        return technology.equals(p.technology()) && (name == null || name.matcher(p.name()).matches());
    }
}
