package org.polycast.itest.netns;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * A log level per bundle from conf/ (the Log Service's {@code org.osgi.service.log.admin|BSN} configurations) takes
 * effect in a runtime that starts with it: the core's INFO entries reach the console while other bundles stay at the
 * default WARN, and a level that is not one is refused with a warning that names it.
 */
class LogLevelsIT extends NamespaceTestSupport {
    private static final Duration STEP = Duration.ofSeconds(60);

    private HostProcess console(String name, Map<String, String> files) throws Exception {
        Path conf = Files.createDirectories(temp.resolve(name).resolve("conf"));
        Files.writeString(conf.resolve("org.polycast.console.log.cfg"), "level=DEBUG\n");
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(conf.resolve(f.getKey()), f.getValue());
        }
        return keep(HostProcess.console(bed, 1, temp.resolve(name), Map.of(), "native"));
    }

    /** Restarts the loopback technology: the core logs, at INFO, that its Interface was removed. */
    private static String restartLoopback(HostProcess p) throws Exception {
        int from = p.lines().size();
        p.ask("stop polycast.loopback; start polycast.loopback; ham:sleep 1000; echo restarted", "restarted", STEP);
        return String.join("\n", p.lines().subList(from, p.lines().size()));
    }

    @Test
    void aLevelPerBundleFromConfTakesEffectAtStartAndABadOneIsNamed() throws Exception {
        bed = NetnsTestBed.create(1, 52);
        HostProcess plain = console("plain", Map.of());
        String before = restartLoopback(plain);
        assertTrue(!before.contains("polycast.core: interface"), "without a level for the core, its INFO entries stay out: " + before);

        HostProcess configured = console("configured", Map.of("org.osgi.service.log.admin|polycast.core.cfg", "ROOT=INFO\n",
                "org.osgi.service.log.admin|polycast.loopback.cfg", "ROOT=LOUD\n"));
        String after = restartLoopback(configured);
        assertTrue(after.matches("(?s).*INFO polycast.core: interface \\d+ \\(loopback lo\\) removed.*"), "the core's INFO entries: " + after);
        assertTrue(!after.contains("DEBUG polycast.core"), "INFO, not DEBUG: " + after);
        String warning = configured.awaitLine(l -> l.contains("log levels of polycast.loopback"), STEP, "the warning for the bad level");
        assertTrue(warning.contains("'LOUD'") && warning.contains("ROOT"), warning);
    }
}
