package org.polycast.common.internal;

/**
 * A host and port as operators write them: {@code HOST:PORT}, {@code [IPv6]:PORT}, and, where the caller has a
 * default, {@code HOST} or {@code [IPv6]} alone (default port) or {@code PORT} alone (default host). Errors name what
 * is wrong in the text as given. Resolution is the caller's.
 */
public record HostPort(String host, int port) {
    /**
     * @param defaultHost the host for a bare port, or null if a bare word is a host
     * @param defaultPort the port for a bare host, or 0 if a port is required
     */
    public static HostPort parse(String text, String defaultHost, int defaultPort) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("an address is needed: HOST:PORT or [IPv6]:PORT");
        }
        String host;
        String port;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0 || (close + 1 < t.length() && t.charAt(close + 1) != ':')) {
                throw new IllegalArgumentException("'" + t + "': an IPv6 address is written [ADDRESS]:PORT, as in [::1]:5000");
            }
            host = t.substring(1, close);
            port = close + 1 < t.length() ? t.substring(close + 2) : null;
        } else if (t.indexOf(':') != t.lastIndexOf(':')) {
            throw new IllegalArgumentException("'" + t + "': write an IPv6 address in brackets, as in [::1]:5000");
        } else if (t.contains(":")) {
            host = t.substring(0, t.indexOf(':'));
            port = t.substring(t.indexOf(':') + 1);
        } else if (defaultHost != null && t.chars().allMatch(Character::isDigit)) {
            host = defaultHost;
            port = t;
        } else {
            host = t;
            port = null;
        }
        if (port == null) {
            if (defaultPort <= 0) {
                throw new IllegalArgumentException("'" + t + "': a port is needed (HOST:PORT)");
            }
            return new HostPort(host, defaultPort);
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + t + "': the port '" + port + "' is not a number");
        }
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("'" + t + "': the port " + p + " is out of range (1 to 65535)");
        }
        return new HostPort(host, p);
    }
}
