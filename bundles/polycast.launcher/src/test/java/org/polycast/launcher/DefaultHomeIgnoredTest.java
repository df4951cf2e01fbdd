package org.polycast.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The default home's secrets and state stay out of the repository: `git add -A` after a quick start commits no key. */
class DefaultHomeIgnoredTest {
    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

    private static int checkIgnore(String path) throws Exception {
        Process p = new ProcessBuilder("git", "-C", ROOT.toString(), "check-ignore", "-q", "--no-index", path).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("git check-ignore did not answer for " + path);
        }
        return p.exitValue();
    }

    @Test
    void keysPasswordsAndConfigurationOfTheDefaultHomeAreIgnoredAndItsSkeletonIsNot() throws Exception {
        assumeTrue(Files.isDirectory(ROOT.resolve(".git")) || Files.isRegularFile(ROOT.resolve(".git")), "not a git checkout: " + ROOT);
        boolean git;
        try {
            git = new ProcessBuilder("git", "--version").start().waitFor(20, TimeUnit.SECONDS);
        } catch (java.io.IOException e) {
            git = false;
        }
        assumeTrue(git, "git is not installed");
        for (String secret : List.of("runtime/home/reload/polycast.local/node.key", "runtime/home/reload/polycast.local/ca.key",
                "runtime/home/webconsole.password", "runtime/home/conf/org.polycast.reload.cfg", "runtime/home/deploy/app.jar",
                "runtime/home/tmp/launcher-1/x", "runtime/home/data/x")) {
            assertEquals(0, checkIgnore(secret), secret + " is ignored");
        }
        for (String tracked : List.of("runtime/home/README.md", "runtime/home/conf/.keep", "runtime/home/deploy/.keep")) {
            assertEquals(1, checkIgnore(tracked), tracked + " is not ignored");
        }
    }
}
