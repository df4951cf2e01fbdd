package org.polycast.webconsole.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.felix.webconsole.spi.SecurityProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;
import org.polycast.api.runtime.StatusProvider;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The web console's only way in: HTTP Basic credentials checked against {@code org.polycast.webconsole}. There is
 * no default password: without a configured one, a random password is generated at start and written to
 * {@code <polycast.home>/webconsole.password}, readable by its owner only. The console image requires this
 * provider ({@code felix.webconsole.security.providers=polycast}), so the console's own admin/admin never applies.
 * Also: a state-changing request that a browser sends for another site's page is refused (cross-site request
 * forgery, {@link RequestOrigin}); an address that sends {@value #MAX_FAILURES} wrong passwords in a minute is locked
 * out for the rest of it ({@link LoginThrottle}); changing the console's own credentials, the HTTP service's bind
 * address or the console manager's settings needs the current password once more ({@value #CURRENT_PASSWORD_HEADER}
 * header or {@code currentPassword} parameter), which a forged request cannot know; every response forbids framing
 * and content sniffing. Everything refused is counted.
 */
@Component(service = {SecurityProvider.class, StatusProvider.class}, configurationPid = "org.polycast.webconsole",
        property = {SecurityProvider.PROPERTY_ID + "=polycast", StatusProvider.SECTION + "=Web console"})
@Designate(ocd = ConsoleConfig.class)
public class ConsoleSecurity implements SecurityProvider, StatusProvider {
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String PASSWORD_FILE = "webconsole.password";
    static final int MAX_FAILURES = 5;
    static final String CURRENT_PASSWORD_HEADER = "X-Polycast-Current-Password";
    /** Configurations through which the console could open itself up: its credentials, its bind address, its manager. */
    static final java.util.List<String> ACCESS_PIDS = java.util.List.of("org.polycast.webconsole", "org.apache.felix.http",
            "org.apache.felix.webconsole.internal.servlet.OsgiManager");

    @Reference(service = LoggerFactory.class, cardinality = ReferenceCardinality.OPTIONAL)
    private volatile Logger logger;
    private volatile String user;
    private volatile byte[] passwordHash;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refusedCrossSite = new AtomicLong();
    private final AtomicLong refusedThrottled = new AtomicLong();
    private final AtomicLong refusedAccessChange = new AtomicLong();
    private final LoginThrottle throttle = new LoginThrottle(MAX_FAILURES, 60_000, System::currentTimeMillis);

    @Activate
    @Modified
    void configure(ConsoleConfig config) throws IOException {
        user = config.user();
        if (!config.passwordSha256().isBlank()) {
            try {
                passwordHash = HexFormat.of().parseHex(config.passwordSha256().trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("passwordSha256 must be the SHA-256 of the password in hex (printf %s PASSWORD | sha256sum)", e);
            }
            return;
        }
        byte[] random = new byte[15];
        RANDOM.nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path file = passwordFile(Path.of(System.getProperty("polycast.home", ".")));
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, password + "\n");
        passwordHash = sha256(password);
        Logger l = logger;
        String message = "web console: user " + user + ", generated password in " + file.toAbsolutePath()
                + " (set passwordSha256 in conf/org.polycast.webconsole.cfg to choose one)";
        if (l != null) {
            l.warn(message);
        } else {
            System.err.println("polycast: " + message);
        }
    }

    private java.nio.channels.FileChannel lockChannel;
    private java.nio.channels.FileLock lock;

    /**
     * {@value #PASSWORD_FILE} for the runtime that holds the home's lock; another console runtime sharing the home
     * writes {@code webconsole-PID.password} instead of overwriting the first one's password.
     */
    Path passwordFile(Path home) throws IOException {
        if (lock == null) {
            lockChannel = java.nio.channels.FileChannel.open(home.resolve(PASSWORD_FILE + ".lock"), java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.WRITE);
            try {
                lock = lockChannel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null; // another console of this JVM holds it
            }
            if (lock == null) {
                lockChannel.close();
                lockChannel = null;
                return home.resolve("webconsole-" + ProcessHandle.current().pid() + ".password");
            }
        }
        return home.resolve(PASSWORD_FILE);
    }

    @org.osgi.service.component.annotations.Deactivate
    void releaseHome() throws IOException {
        if (lock != null) {
            lock.release();
            lockChannel.close();
            lock = null;
        }
    }

    @Override
    public Object authenticate(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Content-Security-Policy", "frame-ancestors 'none'");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        String address = request.getRemoteAddr();
        if (throttle.locked(address)) {
            refusedThrottled.incrementAndGet();
            return refuse(response, 429, "too many wrong passwords from " + address + "; try again in a minute");
        }
        String authorization = request.getHeader("Authorization");
        if (!credentialsMatch(authorization)) {
            if (authorization != null) {
                throttle.failed(address); // only wrong credentials: a browser's first request carries none
            }
            refused.incrementAndGet();
            response.setHeader("WWW-Authenticate", "Basic realm=\"Polycast\", charset=\"UTF-8\"");
            return refuse(response, HttpServletResponse.SC_UNAUTHORIZED, null);
        }
        throttle.succeeded(address);
        RequestOrigin.Verdict origin = RequestOrigin.judge(request.getMethod(), ownOrigin(request), request.getHeader("Origin"),
                request.getHeader("Referer"), request.getHeader("Sec-Fetch-Site"));
        if (origin.refused()) {
            refusedCrossSite.incrementAndGet();
            warn("web console: refused a " + request.getMethod() + " to " + request.getRequestURI() + " sent for another site (" + origin.reason() + ")");
            return refuse(response, HttpServletResponse.SC_FORBIDDEN, "refused: a state-changing request sent for another site (" + origin.reason() + ")");
        }
        if (changesAccess(request) && !currentPasswordGiven(request)) {
            refusedAccessChange.incrementAndGet();
            return refuse(response, HttpServletResponse.SC_FORBIDDEN, "changing the console's access needs the current password again (header "
                    + CURRENT_PASSWORD_HEADER + " or parameter currentPassword), or an edit of conf/ on the host");
        }
        accepted.incrementAndGet();
        return user;
    }

    private boolean credentialsMatch(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon > 0 && matches(decoded.substring(0, colon), decoded.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            return false; // not Base64: refused like any wrong credential
        }
    }

    private static String ownOrigin(HttpServletRequest request) {
        String host = request.getHeader("Host");
        return request.getScheme() + "://" + (host != null ? host : request.getServerName() + ":" + request.getServerPort());
    }

    /** A change (POST) to one of {@link #ACCESS_PIDS} through the configuration manager. */
    static boolean changesAccess(HttpServletRequest request) {
        if (!"POST".equalsIgnoreCase(request.getMethod())) {
            return false;
        }
        String uri = request.getRequestURI();
        int at = uri == null ? -1 : uri.indexOf("/configMgr/");
        if (at < 0) {
            return false;
        }
        String pid = uri.substring(at + "/configMgr/".length());
        return ACCESS_PIDS.stream().anyMatch(p -> pid.equals(p) || pid.startsWith(p + "~") || pid.startsWith(p + "."));
    }

    private boolean currentPasswordGiven(HttpServletRequest request) {
        String given = request.getHeader(CURRENT_PASSWORD_HEADER);
        if (given == null) {
            given = request.getParameter("currentPassword");
        }
        byte[] expected = passwordHash;
        return given != null && expected != null && MessageDigest.isEqual(sha256(given), expected);
    }

    private static Object refuse(HttpServletResponse response, int status, String message) {
        try {
            if (message == null) {
                response.sendError(status);
            } else {
                response.sendError(status, message);
            }
        } catch (IOException e) {
            // the client went away
        }
        return null;
    }

    private volatile long lastWarning;

    /** At most one warning every 10 s: a page that keeps trying must not flood the log. */
    private void warn(String message) {
        long now = System.currentTimeMillis();
        Logger l = logger;
        if (l != null && now - lastWarning > 10_000) {
            lastWarning = now;
            l.warn(message);
        }
    }

    boolean matches(String givenUser, String givenPassword) {
        byte[] expected = passwordHash;
        // Both compared in full and in constant time, so that timing tells nothing.
        boolean userOk = MessageDigest.isEqual(sha256(givenUser), sha256(user));
        boolean passwordOk = expected != null && MessageDigest.isEqual(sha256(givenPassword), expected);
        return userOk & passwordOk;
    }

    @Override
    public boolean authorize(Object user, String role) {
        return user != null;
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response) {
        // Basic authentication has no session to end.
    }

    /** Who may log in; requests accepted, refused for wrong or missing credentials, and refused for the other reasons. */
    @Override
    public Map<String, Object> status() {
        return Map.of("user", user, "requests accepted", accepted.get(), "requests refused", refused.get(), "refused: sent for another site",
                refusedCrossSite.get(), "refused: too many wrong passwords", refusedThrottled.get(), "refused: access change without the current password",
                refusedAccessChange.get());
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
