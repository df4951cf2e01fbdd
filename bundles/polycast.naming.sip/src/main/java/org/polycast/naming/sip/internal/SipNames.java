package org.polycast.naming.sip.internal;

import java.util.Locale;

import org.polycast.api.HamUri;
import org.polycast.api.HamUriSyntaxException;
import org.polycast.api.Namespaces;

/**
 * SIP Group Names ({@code ham:sip:user@domain}) by RFC 3261 section 25.1 and the comparison
 * rules of section 19.1.4.
 *
 * <ul>
 * <li>user: 1*( unreserved / escaped / user-unreserved ); '?' and '/' must be percent-encoded,
 * because in a {@code ham:} URI they would end the group. Compared case-sensitively.</li>
 * <li>domain (the instantiation, required): an RFC 3261 hostname (labels of letters, digits and
 * inner '-', the last label starting with a letter, optional trailing dot) or an IPv4 address;
 * IPv6 references cannot appear in a {@code ham:sip:} URI, whose grammar allows brackets only in
 * the {@code ip} namespace. Compared case-insensitively.</li>
 * </ul>
 * Canonical form: escapes of letters, digits and {@code - . _ ~} are decoded (RFC 3261 says
 * unreserved characters equal their escapes; these four may also stand unescaped in a {@code ham:}
 * URI), the remaining escapes use upper-case hex digits, the domain is lower case without a
 * trailing dot. RFC 3261's user-unreserved characters ({@code & = + $ , ; ? /}) must be escaped in
 * a {@code ham:} URI and stay escaped: escaped and plain reserved characters differ in SIP.
 */
final class SipNames {
    private static final String MARK = "-_.!~*'()";
    private static final String USER_UNRESERVED = "&=+$,;?/";

    private SipNames() {
    }

    static HamUri canonicalize(HamUri name) {
        if (!Namespaces.SIP.equals(name.namespace())) {
            throw new HamUriSyntaxException(name.toString(), 0, "not a SIP name: namespace is '" + name.namespace() + "'");
        }
        String text = name.toString();
        int userStart = "ham:sip:".length();
        String domain = name.instantiation().orElseThrow(() -> new HamUriSyntaxException(text, text.length(),
                "a SIP group name needs a domain: ham:sip:user@domain (RFC 3261 userinfo '@' host)"));
        String user = name.isWildcard() ? HamUri.WILDCARD_GROUP : canonicalUser(text, userStart, name.group());
        String host = canonicalHost(text, userStart + name.group().length() + 1, domain);
        String port = name.port().isPresent() ? ":" + name.port().getAsInt() : "";
        return HamUri.parse("ham:sip:" + user + "@" + host + port);
    }

    private static String canonicalUser(String text, int offset, String user) {
        StringBuilder out = new StringBuilder(user.length());
        for (int i = 0; i < user.length(); i++) {
            char c = user.charAt(i);
            if (c == '%') {
                if (i + 2 >= user.length() || hex(user.charAt(i + 1)) < 0 || hex(user.charAt(i + 2)) < 0) {
                    throw new HamUriSyntaxException(text, offset + i, "'%' must be followed by two hex digits in a SIP user");
                }
                char decoded = (char) (hex(user.charAt(i + 1)) * 16 + hex(user.charAt(i + 2)));
                if (isUnreserved(decoded)) {
                    out.append(decoded);
                } else {
                    out.append('%').append(Character.toUpperCase(user.charAt(i + 1))).append(Character.toUpperCase(user.charAt(i + 2)));
                }
                i += 2;
            } else if (isUnreserved(c) || MARK.indexOf(c) >= 0 || USER_UNRESERVED.indexOf(c) >= 0) {
                out.append(c);
            } else {
                throw new HamUriSyntaxException(text, offset + i, "character '" + c + "' is not allowed in a SIP user (RFC 3261);"
                        + " percent-encode it as %" + String.format("%02X", (int) c));
            }
        }
        return out.toString();
    }

    /**
     * Unreserved in both RFC 3261 and RFC 3986: its escape means the same (RFC 3261 19.1.4) and it
     * may stand unescaped in a {@code ham:} group. RFC 3261's other marks ({@code ! * ' ( )}) are
     * equivalent to their escapes too, but the {@code ham:} grammar allows them only escaped.
     */
    private static boolean isUnreserved(char c) {
        return isAlphanum(c) || "-._~".indexOf(c) >= 0;
    }

    private static String canonicalHost(String text, int offset, String host) {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (h.isEmpty()) {
            throw new HamUriSyntaxException(text, offset, "empty SIP domain");
        }
        if (h.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
            checkIpv4(text, offset, h);
            return h;
        }
        if (h.length() > 253) {
            throw new HamUriSyntaxException(text, offset, "SIP domain longer than 253 characters");
        }
        String[] labels = h.split("\\.", -1);
        int at = offset;
        for (int n = 0; n < labels.length; n++) {
            String label = labels[n];
            if (label.isEmpty()) {
                throw new HamUriSyntaxException(text, at, "empty label in SIP domain");
            }
            if (label.length() > 63) {
                throw new HamUriSyntaxException(text, at, "label longer than 63 characters in SIP domain");
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!isAlphanum(c) && c != '-') {
                    throw new HamUriSyntaxException(text, at + i, "character '" + c + "' is not allowed in a SIP domain"
                            + (c == '%' ? " (host names take no escapes)" : ""));
                }
            }
            if (label.charAt(0) == '-' || label.charAt(label.length() - 1) == '-') {
                throw new HamUriSyntaxException(text, at, "a domain label must not start or end with '-'");
            }
            if (n == labels.length - 1 && !isAlpha(label.charAt(0))) {
                throw new HamUriSyntaxException(text, at, "the top label of a SIP domain must start with a letter (RFC 3261 toplabel)");
            }
            at += label.length() + 1;
        }
        return h.toLowerCase(Locale.ROOT);
    }

    private static void checkIpv4(String text, int offset, String h) {
        String[] parts = h.split("\\.", -1);
        if (parts.length != 4) {
            throw new HamUriSyntaxException(text, offset, "SIP domain '" + h + "' is neither a host name nor an IPv4 address");
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || Integer.parseInt(p) > 255) {
                throw new HamUriSyntaxException(text, offset, "IPv4 address '" + h + "' has an octet out of range");
            }
        }
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAlphanum(char c) {
        return isAlpha(c) || (c >= '0' && c <= '9');
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
