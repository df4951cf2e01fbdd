package org.polycast.webconsole.internal;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a request may change state, judged from what browsers send with every request (Origin, Referer,
 * Sec-Fetch-Site): a state-changing request that a browser made on behalf of another site's page is refused, because
 * with Basic authentication the browser would attach the operator's cached credentials to it (cross-site request
 * forgery). Reading requests (GET, HEAD, OPTIONS) and clients that are not browsers (no Origin, Referer or
 * Sec-Fetch-Site, as curl) pass.
 */
final class RequestOrigin {
    /** The verdict on one request: refused with the reason, or not. */
    record Verdict(boolean refused, String reason) {
        static final Verdict ALLOWED = new Verdict(false, null);

        static Verdict refused(String reason) {
            return new Verdict(true, reason);
        }
    }

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private RequestOrigin() {
    }

    /**
     * @param ownOrigin the console's own origin as the request reached it, for example {@code http://127.0.0.1:8080}
     * @param origin, referer, fetchSite the request's headers of those names, or null
     */
    static Verdict judge(String method, String ownOrigin, String origin, String referer, String fetchSite) {
        if (SAFE_METHODS.contains(method.toUpperCase(Locale.ROOT))) {
            return Verdict.ALLOWED;
        }
        if (fetchSite != null && !fetchSite.equalsIgnoreCase("same-origin") && !fetchSite.equalsIgnoreCase("none")) {
            return Verdict.refused("Sec-Fetch-Site: " + fetchSite);
        }
        if (origin != null) {
            return origin.equalsIgnoreCase(ownOrigin) ? Verdict.ALLOWED : Verdict.refused("Origin " + origin + " is not " + ownOrigin);
        }
        if (referer != null) {
            String from = originOf(referer);
            return ownOrigin.equalsIgnoreCase(from) ? Verdict.ALLOWED : Verdict.refused("Referer from " + from + ", not " + ownOrigin);
        }
        return Verdict.ALLOWED;
    }

    /** scheme://host[:port] of a URL, or "?" if it is not one. */
    static String originOf(String url) {
        try {
            URI u = URI.create(url.trim());
            if (u.getScheme() == null || u.getHost() == null) {
                return "?";
            }
            return u.getScheme() + "://" + (u.getHost().contains(":") && !u.getHost().startsWith("[") ? "[" + u.getHost() + "]" : u.getHost())
                    + (u.getPort() >= 0 ? ":" + u.getPort() : "");
        } catch (IllegalArgumentException e) {
            return "?";
        }
    }
}
