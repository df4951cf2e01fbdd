package org.polycast.api;

import java.util.Locale;

/** Hand-written parser for {@code ham:} URIs; see {@link HamUri} for the grammar and the readings taken. */
final class HamUriParser {
    private final String in;
    private int pos;
    private String namespace;

    private HamUriParser(String in) {
        this.in = in;
    }

    static HamUri parse(String text) {
        return new HamUriParser(text).uri();
    }

    private HamUriSyntaxException error(int index, String reason) {
        return new HamUriSyntaxException(in, index, reason);
    }

    private HamUri uri() {
        if (in.isEmpty()) {
            throw error(-1, "empty input; expected ham:<namespace>:<group>");
        }
        if (in.length() > HamUri.MAX_LENGTH) {
            throw error(HamUri.MAX_LENGTH, "longer than " + HamUri.MAX_LENGTH + " characters");
        }
        for (int i = 0; i < in.length(); i++) {
            char c = in.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw error(i, c == ' ' ? "space is not allowed (percent-encode it as %20)"
                        : "character U+" + String.format("%04X", (int) c) + " is not allowed; use percent-encoding");
            }
        }
        scheme();
        namespace = namespace();
        int credentialsStart = credentialsStart();
        int end = credentialsStart < 0 ? in.length() : credentialsStart;
        String group = host(end, "group");
        String instantiation = null;
        if (pos < end && in.charAt(pos) == '@') {
            pos++;
            instantiation = host(end, "instantiation");
            if (HamUri.WILDCARD_GROUP.equals(instantiation)) {
                throw error(pos - 1, "'*' is allowed as group only, not as instantiation");
            }
        }
        int port = 0;
        if (pos < end && in.charAt(pos) == ':') {
            port = port(end, group);
        }
        if (pos < end) {
            char c = in.charAt(pos);
            throw error(pos, c == '@' ? "second '@': only one instantiation is allowed"
                    : "unexpected '" + c + "' after " + (port > 0 ? "port" : "group"));
        }
        SecurityCredentials credentials = credentialsStart < 0 ? null : credentials(credentialsStart + 1);
        return new HamUri(namespace, group, instantiation, port, credentials);
    }

    private void scheme() {
        int colon = in.indexOf(':');
        if (colon < 0) {
            throw error(-1, "missing scheme; expected ham:<namespace>:<group>");
        }
        String scheme = in.substring(0, colon);
        if (!scheme.equalsIgnoreCase(HamUri.SCHEME)) {
            String hint = scheme.equalsIgnoreCase("udp") ? " (convert udp:// URLs with UdpUrls.toHamUri)" : "";
            throw error(0, "scheme must be 'ham', found '" + scheme + "'" + hint);
        }
        pos = colon + 1;
    }

    private String namespace() {
        int start = pos;
        int colon = in.indexOf(':', start);
        if (colon < 0) {
            throw error(in.length(), "missing ':' after namespace; expected ham:<namespace>:<group>");
        }
        if (colon == start) {
            throw error(start, "empty namespace");
        }
        for (int i = start; i < colon; i++) {
            char c = in.charAt(i);
            boolean ok = isAlpha(c) || (i > start && (isDigit(c) || c == '+' || c == '-' || c == '.'));
            if (!ok) {
                throw error(i, i == start ? "namespace must start with a letter, found '" + c + "'"
                        : "character '" + c + "' is not allowed in a namespace");
            }
        }
        pos = colon + 1;
        return in.substring(start, colon).toLowerCase(Locale.ROOT);
    }

    /** Index of the '/' that starts sec-credentials (outside brackets), or -1. */
    private int credentialsStart() {
        boolean inBrackets = false;
        for (int i = pos; i < in.length(); i++) {
            char c = in.charAt(i);
            if (c == '[') {
                inBrackets = true;
            } else if (c == ']') {
                inBrackets = false;
            } else if (c == '/' && !inBrackets) {
                return i;
            }
        }
        return -1;
    }

    /** Reads a group or instantiation ending before '@', ':' or {@code end}. */
    private String host(int end, String what) {
        int start = pos;
        if (start < end && in.charAt(start) == '[') {
            if (!Namespaces.IP.equals(namespace)) {
                throw error(start, "brackets are allowed only around IPv6 literals in the 'ip' namespace");
            }
            int close = in.indexOf(']', start);
            if (close < 0 || close >= end) {
                throw error(start, "'[' without matching ']'");
            }
            pos = close + 1;
            return "[" + IpLiterals.canonicalIpv6(in, start + 1, close) + "]";
        }
        int i = start;
        while (i < end && in.charAt(i) != '@' && in.charAt(i) != ':') {
            i++;
        }
        if (i == start) {
            throw error(start, "empty " + what);
        }
        pos = i;
        String raw = in.substring(start, i);
        if (raw.equals(HamUri.WILDCARD_GROUP)) {
            return raw;
        }
        if (Namespaces.IP.equals(namespace)) {
            return ipHost(raw, start, what);
        }
        return unreservedOrEncoded(start, i, what);
    }

    private String ipHost(String raw, int start, String what) {
        if (raw.chars().allMatch(c -> isDigit((char) c) || c == '.')) {
            IpLiterals.checkIpv4(in, start, raw);
            return raw;
        }
        if (pos < in.length() && in.charAt(pos) == ':' && in.indexOf(':', pos + 1) >= 0 && isHexColon(raw)) {
            throw error(start, "IPv6 literal must be enclosed in brackets, for example ham:ip:[ff3e::1]:5000");
        }
        // A DNS name (RFC 1123 labels), compared case-insensitively.
        if (raw.length() > 253) {
            throw error(start, "DNS name in " + what + " is longer than 253 characters");
        }
        int labelStart = start;
        for (int i = start; i <= start + raw.length(); i++) {
            char c = i < start + raw.length() ? in.charAt(i) : '.';
            if (c == '.') {
                int len = i - labelStart;
                if (len == 0) {
                    throw error(i, "empty label in DNS name");
                }
                if (len > 63) {
                    throw error(labelStart, "DNS label longer than 63 characters");
                }
                if (in.charAt(labelStart) == '-' || in.charAt(i - 1) == '-') {
                    throw error(labelStart, "DNS label must not start or end with '-'");
                }
                labelStart = i + 1;
            } else if (!(isAlpha(c) || isDigit(c) || c == '-')) {
                throw error(i, "character '" + c + "' is not allowed in an IP address or DNS name");
            }
        }
        return raw.toLowerCase(Locale.ROOT);
    }

    private static boolean isHexColon(String s) {
        return s.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    private int port(int end, String group) {
        int start = ++pos;
        if (start == end) {
            throw error(start, "empty port after ':'");
        }
        long value = 0;
        int i = start;
        for (; i < end && in.charAt(i) != '@' && in.charAt(i) != ':'; i++) {
            char c = in.charAt(i);
            if (!isDigit(c)) {
                throw error(i, "port must be decimal digits, found '" + c + "'");
            }
            if (value <= 65535) {
                value = value * 10 + (c - '0');
            }
        }
        if (i < end && in.charAt(i) == ':' && Namespaces.IP.equals(namespace) && isHexColon(group)) {
            throw error(start - group.length() - 1, "IPv6 literal must be enclosed in brackets, for example ham:ip:[ff3e::1]:5000");
        }
        if (i < end && in.charAt(i) == '@') {
            throw error(i, "instantiation ('@') must come before the port");
        }
        if (value < 1 || value > 65535) {
            throw error(start, "port " + in.substring(start, i) + " is out of range 1..65535");
        }
        pos = i;
        return (int) value;
    }

    private SecurityCredentials credentials(int start) {
        int semi = in.indexOf(';', start);
        if (semi < 0) {
            throw error(start, "sec-credentials must be <alg>;<val>, missing ';'");
        }
        if (semi == start) {
            throw error(start, "empty algorithm in sec-credentials");
        }
        if (semi == in.length() - 1) {
            throw error(semi + 1, "empty value in sec-credentials");
        }
        for (int i = start; i < semi; i++) {
            if (!isUnreserved(in.charAt(i))) {
                throw error(i, "character '" + in.charAt(i) + "' is not allowed in the sec-credentials algorithm");
            }
        }
        String alg = in.substring(start, semi);
        String val = unreservedOrEncoded(semi + 1, in.length(), "sec-credentials value");
        return new SecurityCredentials(alg, val);
    }

    /** Validates {@code 1*(unreserved / pct-encoded)} and normalises the encoding. */
    private String unreservedOrEncoded(int start, int end, String what) {
        StringBuilder b = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = in.charAt(i);
            if (c == '%') {
                if (i + 2 >= end) {
                    throw error(i, "incomplete percent-encoding in " + what);
                }
                int hi = Character.digit(in.charAt(i + 1), 16);
                int lo = Character.digit(in.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw error(i, "'%' must be followed by two hex digits in " + what);
                }
                char decoded = (char) (hi * 16 + lo);
                if (isUnreserved(decoded)) {
                    b.append(decoded);
                } else {
                    b.append('%').append(Character.toUpperCase(in.charAt(i + 1))).append(Character.toUpperCase(in.charAt(i + 2)));
                }
                i += 2;
            } else if (isUnreserved(c)) {
                b.append(c);
            } else if (c == '*') {
                throw error(i, "'*' is only allowed alone, as the wildcard group");
            } else {
                throw error(i, "character '" + c + "' is not allowed in " + what + " (allowed: letters, digits, - . _ ~ and %XX)");
            }
        }
        return b.toString();
    }

    static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isUnreserved(char c) {
        return isAlpha(c) || isDigit(c) || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
