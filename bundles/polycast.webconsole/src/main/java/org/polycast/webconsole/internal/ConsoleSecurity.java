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
 * Refused attempts are counted.
 */
@Component(service = {SecurityProvider.class, StatusProvider.class}, configurationPid = "org.polycast.webconsole",
        property = {SecurityProvider.PROPERTY_ID + "=polycast", StatusProvider.SECTION + "=Web console"})
@Designate(ocd = ConsoleConfig.class)
public class ConsoleSecurity implements SecurityProvider, StatusProvider {
    static final String PASSWORD_FILE = "webconsole.password";

    @Reference(service = LoggerFactory.class, cardinality = ReferenceCardinality.OPTIONAL)
    private volatile Logger logger;
    private volatile String user;
    private volatile byte[] passwordHash;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();

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
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path file = Path.of(System.getProperty("polycast.home", "."), PASSWORD_FILE);
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

    @Override
    public Object authenticate(HttpServletRequest request, HttpServletResponse response) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0 && matches(decoded.substring(0, colon), decoded.substring(colon + 1))) {
                    accepted.incrementAndGet();
                    return user;
                }
            } catch (IllegalArgumentException e) {
                // not Base64: refused below like any wrong credential
            }
        }
        refused.incrementAndGet();
        response.setHeader("WWW-Authenticate", "Basic realm=\"Polycast\", charset=\"UTF-8\"");
        try {
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
        } catch (IOException e) {
            // the client went away
        }
        return null;
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

    /** Who may log in, and how many requests came with the right credentials and how many without (or with wrong ones). */
    @Override
    public Map<String, Object> status() {
        return Map.of("user", user, "requests accepted", accepted.get(), "requests refused", refused.get());
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
