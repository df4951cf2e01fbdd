package org.polycast.itest.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The web console in a real headless Chromium: a runtime of the console image and an overlay peer in two namespaces
 * share an ALM tree; the console listens on 127.0.0.1 only, refuses requests without the right credentials, and
 * its Polycast page, loaded and run by the browser, shows the runtime's groups, Interfaces and the ALM tree drawn
 * as a graph. The screenshot stays in target/webconsole-it/ as a test artifact.
 */
class WebConsoleIT extends NamespaceTestSupport {
    private static final Duration STEP = Duration.ofSeconds(120);
    private static final String PASSWORD = "it-console-secret";
    private static final String GROUP = "ham:opaque:console-it";
    private static final String PAGE = "http://127.0.0.1:8080/system/console/polycast";


    @BeforeEach
    void requireChromium() {
        assertTrue(new File("/usr/bin/chromium").canExecute(), "the web console test needs Chromium (apt-get install chromium; .ci/run installs it)");
    }


    /** Runs a command in host 1's namespace; its output and exit code. */
    private String[] inHost1(List<String> command) throws Exception {
        Process p = bed.command(1, command).redirectErrorStream(false).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "finished: " + command);
        return new String[] {out, Integer.toString(p.exitValue())};
    }

    private String status(String url, String credentials) throws Exception {
        List<String> curl = new ArrayList<>(List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10"));
        if (credentials != null) {
            curl.addAll(List.of("-u", credentials));
        }
        curl.add(url);
        return inHost1(curl)[0];
    }

    private List<String> chromium(String... args) {
        List<String> c = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--user-data-dir=" + temp.resolve("chromium-profile"), "--virtual-time-budget=6000"));
        c.addAll(List.of(args));
        return c;
    }

    @Test
    void thePageShowsTheRuntimeLiveInARealBrowserBehindCredentials() throws Exception {
        bed = NetnsTestBed.create(2, 36);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(PASSWORD.getBytes(StandardCharsets.UTF_8)));
        String fastAlm = "heartbeatMillis=500\nheartbeatTimeoutMillis=1500\n";
        HostProcess console = runtime("console", 1, Map.of("org.polycast.webconsole.cfg", "passwordSha256=" + sha + "\n",
                "org.polycast.reload.cfg", "overlay=console-it.polycast\nlistenAddress=" + bed.ipv4(1) + "\n", "org.polycast.alm.cfg", fastAlm), "console");
        console.ask("ham:overlay await 0 90000", "overlay ready", STEP);
        HostProcess peer = runtime("peer", 2, Map.of("org.polycast.reload.cfg",
                "overlay=console-it.polycast\nlistenAddress=" + bed.ipv4(2) + "\nbootstrap=" + bed.ipv4(1) + ":6084\n", "org.polycast.alm.cfg", fastAlm), "overlay");
        peer.ask("ham:overlay await 1 90000", "overlay ready", STEP);
        console.ask("ham:join " + GROUP, "joined", STEP);
        peer.ask("ham:join " + GROUP, "joined", STEP);
        peer.ask("ham:send " + GROUP + " seen-by-the-console --count 5 --interval 100", "sent 5", STEP);

        // Only on the loopback address, and only with the right credentials.
        String[] outside = inHost1(List.of("curl", "-s", "--max-time", "5", "http://" + bed.ipv4(1) + ":8080/system/console/polycast"));
        assertEquals("7", outside[1], "nothing listens on the namespace's external address (curl: could not connect)");
        assertEquals("401", status(PAGE, null), "no credentials");
        assertEquals("401", status(PAGE, "admin:admin"), "the stock admin/admin does not work");
        assertEquals("401", status(PAGE, "admin:" + PASSWORD + "x"), "a wrong password");
        assertEquals("200", status(PAGE, "admin:" + PASSWORD), "the configured password");
        // The console's configuration page edits Polycast's PIDs by their metatype descriptions.
        String configurations = inHost1(List.of("curl", "-s", "--max-time", "10", "-u", "admin:" + PASSWORD,
                "http://127.0.0.1:8080/system/console/configMgr"))[0];
        assertTrue(configurations.contains("Polycast core") && configurations.contains("Polycast gateway route")
                && configurations.contains("Polycast web console"), "Polycast's configurations are offered with their descriptions");

        // The browser runs the page's script, which fetches the state and draws it; the ALM tree needs a crawl (every 5 s).
        String url = "http://admin:" + PASSWORD + "@127.0.0.1:8080/system/console/polycast";
        String dom = "";
        long deadline = System.nanoTime() + STEP.toNanos();
        while (!(dom.contains(GROUP) && dom.contains("polycast-graph") && dom.contains("delay ms") && dom.contains("requests refused"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the page never showed the group and the ALM tree: " + dom);
            }
            Thread.sleep(2000);
            dom = inHost1(chromium("--dump-dom", url))[0];
        }
        assertTrue(dom.contains("alm0") && dom.contains("loopback"), "the Interfaces table lists the technologies");
        assertTrue(dom.contains(" root") && dom.contains("loss %"), "the tree's nodes: the root marked, delay and loss on each");
        assertTrue(dom.matches("(?s).*requests refused</td><td><span>[3-9]\\d*</span>.*|(?s).*requests refused</td><td><span>\\d{2,}</span>.*"),
                "the refused requests were counted");
        Path artifacts = Files.createDirectories(Path.of("target", "webconsole-it"));
        Path screenshot = artifacts.resolve("polycast-console.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        inHost1(chromium("--window-size=1400,1400", "--screenshot=" + screenshot, url));
        assertTrue(Files.isRegularFile(screenshot) && Files.size(screenshot) > 20_000, "a screenshot of the page: " + screenshot);
        Files.writeString(artifacts.resolve("polycast-console.html"), dom);
        System.out.println("web console screenshot: " + screenshot);
    }

    /** curl with the console's credentials and extra headers; the response body and the HTTP status (last line). */
    private String[] curl(String method, String url, String data, String... headers) throws Exception {
        List<String> c = new ArrayList<>(List.of("curl", "-s", "--max-time", "10", "-u", "admin:" + PASSWORD, "-X", method, "-w", "\n%{http_code}"));
        for (String h : headers) {
            c.addAll(List.of("-H", h));
        }
        if (data != null) {
            c.addAll(List.of("--data", data));
        }
        c.add(url);
        String out = inHost1(c)[0];
        int nl = out.lastIndexOf('\n');
        return new String[] {out.substring(0, Math.max(0, nl)), out.substring(nl + 1).trim()};
    }

    private long counted(String key) throws Exception {
        String json = curl("GET", "http://127.0.0.1:8080/system/console/polycast/data.json", null)[0];
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + java.util.regex.Pattern.quote(key) + "\":(\\d+)").matcher(json);
        assertTrue(m.find(), () -> key + " in " + json);
        return Long.parseLong(m.group(1));
    }

    private String coreCallTimeout() throws Exception {
        // A POST without parameters is how the console's own script reads a configuration (JSON).
        String page = curl("POST", "http://127.0.0.1:8080/system/console/configMgr/org.polycast.core", null)[0];
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"callTimeoutMillis\":\\{[^}]*\"value\":\"?(\\d+)").matcher(page);
        return m.find() ? m.group(1) : "? in " + page;
    }

    @Test
    void aPageOfAnotherSiteCannotChangeTheConfigurationThroughTheOperatorsBrowserTheConsoleItselfCan() throws Exception {
        bed = NetnsTestBed.create(1, 37);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(PASSWORD.getBytes(StandardCharsets.UTF_8)));
        runtime("console", 1, Map.of("org.polycast.webconsole.cfg", "passwordSha256=" + sha + "\n"), "console");
        long deadline = System.nanoTime() + STEP.toNanos();
        while (!"200".equals(status(PAGE, "admin:" + PASSWORD)) && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        String change = "apply=true&action=ajaxConfigManager&propertylist=callTimeoutMillis&callTimeoutMillis=";
        String coreUrl = "http://127.0.0.1:8080/system/console/configMgr/org.polycast.core";

        // The attack: a page on another origin (another port of the same host) opens the console in a window, which
        // puts the operator's credentials into the browser, then submits a hidden form to the console.
        Path site = Files.createDirectories(temp.resolve("attacker"));
        Files.writeString(site.resolve("attack.html"), "<html><body><iframe name=sink></iframe>"
                + "<form id=f method=POST target=sink action='" + coreUrl + "'>"
                + "<input name=apply value=true><input name=action value=ajaxConfigManager><input name=propertylist value=callTimeoutMillis>"
                + "<input name=callTimeoutMillis value=4321></form><script>"
                + "window.open('http://admin:" + PASSWORD + "@127.0.0.1:8080/system/console/polycast', 'console');"
                + "setTimeout(function () { document.getElementById('f').submit(); }, 1500);</script></body></html>");
        HostProcess server = keep(HostProcess.start("site", bed.command(1, List.of("python3", "-m", "http.server", "9000", "--bind", "127.0.0.1",
                "--directory", site.toString()))));
        server.awaitLine(l -> l.contains("Serving HTTP"), STEP, "the attacker's web server");
        String before = coreCallTimeout();
        assertTrue(before.matches("\\d+"), "the configuration page shows callTimeoutMillis: " + before);
        inHost1(chromium("--disable-popup-blocking", "--dump-dom", "http://127.0.0.1:9000/attack.html"));
        assertEquals(before, coreCallTimeout(), "the configuration is unchanged");
        assertTrue(counted("refused: sent for another site") >= 1,
                "the forged request reached the console with the operator's credentials and was refused (else this test proves nothing)");

        // The console's own form (same origin, as the browser sends it) still changes it; so do scripts (no Origin).
        assertTrue(curl("POST", coreUrl, change + "3456", "Origin: http://127.0.0.1:8080", "Sec-Fetch-Site: same-origin")[1].matches("200|302"));
        assertEquals("3456", coreCallTimeout(), "the legitimate change applied");
        assertTrue(curl("POST", coreUrl, change + "2000")[1].matches("200|302"));
        assertEquals("2000", coreCallTimeout());

        // The console's own access: not without the current password, even from its own origin.
        String consoleUrl = "http://127.0.0.1:8080/system/console/configMgr/org.polycast.webconsole";
        String[] refused = curl("POST", consoleUrl, "apply=true&action=ajaxConfigManager&propertylist=passwordSha256&passwordSha256=00",
                "Origin: http://127.0.0.1:8080");
        assertEquals("403", refused[1], refused[0]);
        assertEquals("200", status(PAGE, "admin:" + PASSWORD), "the password still works");
        assertEquals(1, counted("refused: access change without the current password"));

        // Guessing: five wrong passwords lock the address out for the rest of the minute, the right one included.
        for (int i = 0; i < 5; i++) {
            assertEquals("401", status(PAGE, "admin:guess" + i));
        }
        assertEquals("429", status(PAGE, "admin:" + PASSWORD), "locked out");

        // Framing and sniffing are forbidden on every page.
        String headers = inHost1(List.of("curl", "-s", "-D", "-", "-o", "/dev/null", "http://127.0.0.1:8080/system/console/polycast"))[0];
        assertTrue(headers.contains("X-Frame-Options: DENY") && headers.contains("frame-ancestors 'none'") && headers.contains("X-Content-Type-Options: nosniff"),
                headers);
    }
}
