package org.polycast.api;

import org.osgi.annotation.versioning.ProviderType;

import java.util.Locale;

/**
 * Converts between {@code ham:ip:} Group Names and the {@code udp://} URLs that VLC and ffmpeg
 * users type:
 * <ul>
 * <li>VLC: {@code udp://@G:port} (any-source) and {@code udp://S@G:port} (source-specific),</li>
 * <li>ffmpeg: {@code udp://G:port?sources=S}.</li>
 * </ul>
 * {@code udp://S@G:port} becomes {@code ham:ip:G@S:port}: in the {@code ham:} URI the
 * instantiation (the SSM source) follows the group.
 */
@ProviderType
public final class UdpUrls {
    private static final String PREFIX = "udp://";

    private UdpUrls() {
    }

    /** Parses a VLC or ffmpeg {@code udp://} URL into a {@code ham:ip:} Group Name. */
    public static HamUri toHamUri(String url) {
        if (url == null || !url.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new HamUriSyntaxException(String.valueOf(url), 0, "expected a URL starting with udp://");
        }
        String rest = url.substring(PREFIX.length());
        String source = null;
        int query = rest.indexOf('?');
        if (query >= 0) {
            source = sourcesParameter(url, rest.substring(query + 1), PREFIX.length() + query + 1);
            rest = rest.substring(0, query);
        }
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String before = rest.substring(0, at);
            if (!before.isEmpty()) {
                if (source != null) {
                    throw new HamUriSyntaxException(url, PREFIX.length(), "source given twice (before '@' and in ?sources=)");
                }
                if (before.matches(".*\\d:\\d+") || before.matches("\\[.*]:\\d+")) {
                    throw new HamUriSyntaxException(url, PREFIX.length(), "a source port is not supported; give the source address only");
                }
                source = before;
            }
            rest = rest.substring(at + 1);
        }
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        if (rest.isEmpty()) {
            throw new HamUriSyntaxException(url, url.length(), "missing group address");
        }
        String text = HamUri.SCHEME + ":" + Namespaces.IP + ":" + groupPart(rest, source);
        try {
            return HamUri.parse(text);
        } catch (HamUriSyntaxException e) {
            throw new HamUriSyntaxException(url, -1, e.getReason() + " (converted to " + text + ")");
        }
    }

    private static String groupPart(String hostPort, String source) {
        String host = hostPort;
        String port = null;
        int colon = hostPort.lastIndexOf(':');
        int bracket = hostPort.lastIndexOf(']');
        if (colon > bracket) {
            host = hostPort.substring(0, colon);
            port = hostPort.substring(colon + 1);
        }
        StringBuilder b = new StringBuilder(host);
        if (source != null) {
            b.append('@').append(source.contains(":") && !source.startsWith("[") ? "[" + source + "]" : source);
        }
        if (port != null) {
            b.append(':').append(port);
        }
        return b.toString();
    }

    private static String sourcesParameter(String url, String query, int offset) {
        String source = null;
        for (String param : query.split("&")) {
            int eq = param.indexOf('=');
            String key = (eq < 0 ? param : param.substring(0, eq)).toLowerCase(Locale.ROOT);
            if (key.equals("sources") || key.equals("source")) {
                String value = eq < 0 ? "" : param.substring(eq + 1);
                if (value.isEmpty() || value.contains(",")) {
                    throw new HamUriSyntaxException(url, offset, "exactly one source is supported in ?sources=, found '" + value + "'");
                }
                source = value;
            }
            offset += param.length() + 1;
        }
        return source;
    }

    /**
     * Formats a {@code ham:ip:} name as a VLC-style URL: {@code udp://@G:port} or {@code udp://S@G:port}.
     *
     * @throws IllegalArgumentException if the name is not in the {@code ip} namespace, is the
     *                                  wildcard group or has no port
     */
    public static String toUdpUrl(HamUri name) {
        if (!Namespaces.IP.equals(name.namespace())) {
            throw new IllegalArgumentException(name + " is not in the 'ip' namespace; only ham:ip: names have a udp:// form");
        }
        if (name.isWildcard()) {
            throw new IllegalArgumentException(name + " is the wildcard group, which has no udp:// form");
        }
        if (name.port().isEmpty()) {
            throw new IllegalArgumentException(name + " has no port; a udp:// URL needs one");
        }
        return PREFIX + name.instantiation().orElse("") + "@" + name.group() + ":" + name.port().getAsInt();
    }
}
