package org.polycast.itest.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The plain-Java example (examples/hello-polycast), a Maven project outside the reactor that depends on the installed
 * artifacts only, as an application developer's would: built with its own pom, then run on a plain class path (no OSGi
 * framework of its own) in namespaces: over loopback, over native IPv4 multicast to itself and from one host to
 * another, and over the RELOAD overlay from one host to another.
 */
class ExampleProjectIT extends NamespaceTestSupport {
    private static final Duration BUILD = Duration.ofSeconds(600);
    private static final Duration RUN = Duration.ofSeconds(60);

    @Test
    void thePlainJavaExampleBuildsOutsideTheReactorAndTalksOverLoopbackNativeIpv4AndTheOverlay() throws Exception {
        Path root = Path.of(System.getProperty("polycast.root", "../..")).toAbsolutePath().normalize();
        requireInstalledFromThisBuild(root);
        Path project = temp.resolve("hello-polycast");
        copy(root.resolve("examples/hello-polycast"), project);
        Path classpathFile = project.resolve("classpath.txt");
        Process build = new ProcessBuilder("mvn", "-B", "-q", "-f", project.resolve("pom.xml").toString(), "-Dmaven.repo.local=" + localRepository(),
                "package", "dependency:build-classpath", "-Dmdep.outputFile=" + classpathFile).redirectErrorStream(true).redirectOutput(temp.resolve("build.log").toFile()).start();
        assertTrue(build.waitFor(BUILD.toSeconds(), TimeUnit.SECONDS), "the example's build ends within " + BUILD);
        assertEquals(0, build.exitValue(), () -> "the example builds: " + read(temp.resolve("build.log")));
        String classpath = project.resolve("target/classes") + java.io.File.pathSeparator + Files.readString(classpathFile).trim();

        bed = NetnsTestBed.create(2, 39);
        HostProcess loopback = keep(HostProcess.start("h1", bed.command(1, java(classpath, "example.Hello"))));
        assertEquals(0, loopback.exitCode(RUN), () -> "Hello over loopback: " + loopback.lines());
        assertTrue(loopback.lines().stream().anyMatch(l -> l.equals("received 'hello, world' on interface 1 from loopback")), () -> loopback.lines().toString());

        HostProcess self = keep(HostProcess.start("h1", bed.command(1, java(classpath, "example.Hello", "ipv4"))));
        assertEquals(0, self.exitCode(RUN), () -> "Hello over native IPv4 (its own message looped back): " + self.lines());
        assertTrue(self.lines().stream().anyMatch(l -> l.startsWith("received 'hello, world'") && l.contains("from " + bed.ipv4(1) + ":")),
                () -> self.lines().toString());

        HostProcess listener = keep(HostProcess.start("h2", bed.command(2, java(classpath, "example.Listen", "ipv4"))));
        listener.awaitLine(l -> l.startsWith("listening on"), RUN, "the listener to join");
        HostProcess sender = keep(HostProcess.start("h1", bed.command(1, java(classpath, "example.Hello", "ipv4"))));
        assertEquals(0, sender.exitCode(RUN), () -> "the sender: " + sender.lines());
        assertEquals(0, listener.exitCode(RUN), () -> "the listener on the other host: " + listener.lines());
        assertTrue(listener.lines().stream().anyMatch(l -> l.startsWith("received 'hello, world'") && l.contains("from " + bed.ipv4(1) + ":")),
                () -> listener.lines().toString());

        // Over the RELOAD overlay (TLS, ALM tree): host 2 starts an overlay and listens, host 1 joins it and sends.
        HostProcess overlayListener = keep(HostProcess.start("h2", bed.command(2, java(classpath, "example.OverlayTalk", "listen", "example-it.polycast",
                bed.ipv4(2)))));
        overlayListener.awaitLine(l -> l.startsWith("listening on") && l.contains("technology=alm"), RUN, "the overlay listener's ALM Interface");
        HostProcess overlaySender = keep(HostProcess.start("h1", bed.command(1, java(classpath, "example.OverlayTalk", "send", "example-it.polycast",
                bed.ipv4(1), bed.ipv4(2) + ":6084"))));
        assertEquals(0, overlaySender.exitCode(Duration.ofSeconds(120)), () -> "the overlay sender: " + overlaySender.lines());
        assertEquals(0, overlayListener.exitCode(RUN), () -> "the overlay listener: " + overlayListener.lines() + " / the sender: " + overlaySender.lines());
        assertTrue(overlayListener.lines().stream().anyMatch(l -> l.equals("received 'hello over the overlay' on interface 1 from "
                + overlaySender.lines().stream().filter(x -> x.startsWith("sent over")).findFirst().orElse("?").replaceAll(".*address=(\\w+)@.*", "$1"))),
                () -> "from the sender's node id: " + overlayListener.lines() + " / " + overlaySender.lines());
    }

    private static List<String> java(String classpath, String main, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath, main));
        command.addAll(Arrays.asList(args));
        return command;
    }

    /**
     * The example resolves Polycast from the local Maven repository: that must be this build's (the README's test command
     * is {@code mvn install}); a stale copy from an earlier build would test old code without saying so.
     */
    private static void requireInstalledFromThisBuild(Path root) throws IOException {
        Path built = root.resolve("bundles/polycast.embedded/target/polycast.embedded-0.1.0-SNAPSHOT.jar");
        Path installed = localRepository().resolve("org/polycast/polycast.embedded/0.1.0-SNAPSHOT/polycast.embedded-0.1.0-SNAPSHOT.jar");
        assertTrue(Files.exists(installed), () -> installed + " is missing: run the README's test command, mvn -B install (not verify)");
        assertTrue(Arrays.equals(Files.readAllBytes(built), Files.readAllBytes(installed)),
                () -> installed + " is not this build's: run mvn -B install (the README's test command), which installs before this test runs");
    }

    private static Path localRepository() {
        String configured = System.getProperty("maven.repo.local", "");
        return configured.isBlank() ? Path.of(System.getProperty("user.home"), ".m2", "repository") : Path.of(configured);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.filter(p -> !from.relativize(p).startsWith("target")).toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
