package org.polycast.itest.netns;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A process on a test host whose output lines are collected (and echoed with the host's name). */
public final class HostProcess implements AutoCloseable {
    private final String label;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private HostProcess(String label, Process process) {
        this.label = label;
        this.process = process;
        this.reader = new Thread(this::read, "output-" + label);
        reader.setDaemon(true);
        reader.start();
    }

    static HostProcess start(String label, ProcessBuilder builder) throws IOException {
        return new HostProcess(label, builder.start());
    }

    /** A Polycast runtime (the native image, through the ./polycast launcher) running {@code commands}. */
    static HostProcess polycast(NetnsTestBed bed, int host, String commands) throws IOException {
        return polycast(bed, host, null, commands);
    }

    /** The same with a runtime home (conf/, deploy/), or the default home if {@code home} is null. */
    static HostProcess polycast(NetnsTestBed bed, int host, java.nio.file.Path home, String commands) throws IOException {
        return polycast(bed, host, home, "native", commands);
    }

    /** The same with another image. */
    static HostProcess polycast(NetnsTestBed bed, int host, java.nio.file.Path home, String image, String commands) throws IOException {
        return polycast(bed, host, home, image, java.util.Map.of(), commands);
    }

    /** The same with environment variables for the launcher (POLYCAST_JAVA_OPTS). */
    static HostProcess polycast(NetnsTestBed bed, int host, java.nio.file.Path home, String image, java.util.Map<String, String> environment,
            String commands) throws IOException {
        String root = System.getProperty("polycast.root", "../..");
        List<String> cmd = new ArrayList<>(List.of(root + "/polycast", "--image", image));
        if (home != null) {
            cmd.addAll(List.of("--home", home.toString()));
        }
        cmd.addAll(List.of("-c", commands));
        ProcessBuilder b = bed.command(host, cmd);
        b.environment().putAll(environment);
        return start("h" + host, b);
    }

    /**
     * A runtime with an interactive Gogo console on its standard input, so that a test can give it
     * commands while it runs ({@link #send}); {@code environment} adds variables (POLYCAST_JAVA_OPTS).
     */
    static HostProcess console(NetnsTestBed bed, int host, java.nio.file.Path home, java.util.Map<String, String> environment) throws IOException {
        return console(bed, host, home, environment, "native");
    }

    /** The same with another image (for example {@code overlay}: no native multicast technology). */
    static HostProcess console(NetnsTestBed bed, int host, java.nio.file.Path home, java.util.Map<String, String> environment, String image)
            throws IOException {
        String root = System.getProperty("polycast.root", "../..");
        // SIGINT as at a terminal: a build started in the background (nohup, CI) passes it on ignored, and a JVM that starts
        // with SIGINT ignored leaves it so (the console's Ctrl-C handling is tested with it).
        ProcessBuilder b = bed.command(host, List.of("env", "--default-signal=INT", root + "/polycast", "--image", image, "--home", home.toString()));
        b.environment().putAll(environment);
        b.redirectInput(ProcessBuilder.Redirect.PIPE);
        return start("h" + host, b);
    }

    /** Types a command into the console and waits for the line it prints that contains {@code expect}. */
    public String ask(String command, String expect, Duration timeout) throws IOException, InterruptedException {
        int before = lines().size();
        send(command);
        return awaitLine(before, l -> l.contains(expect), timeout, "'" + expect + "' after " + command);
    }

    /** Types a command into the console. */
    public void send(String command) throws IOException {
        var in = process.getOutputStream();
        in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                System.out.println("[" + label + "] " + line);
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    public List<String> lines() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }

    public List<String> lines(Predicate<String> filter) {
        return lines().stream().filter(filter).toList();
    }

    /** Waits until a line matches; fails after {@code timeout}. */
    public String awaitLine(Predicate<String> match, Duration timeout, String what) throws InterruptedException {
        return awaitLine(0, match, timeout, what);
    }

    /** Waits until a line from index {@code from} on matches (lines before it were printed earlier). */
    public String awaitLine(int from, Predicate<String> match, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (true) {
                for (int i = from; i < lines.size(); i++) {
                    String l = lines.get(i);
                    if (match.test(l)) {
                        return l;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
                    throw new AssertionError(label + ": no line " + what + " within " + timeout + "; output: " + lines);
                }
                lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, 200_000_000L))));
            }
        }
    }

    /** Waits for the exit code; kills the process and fails after {@code timeout}. */
    public int exitCode(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new AssertionError(label + " did not finish within " + timeout + "; output: " + lines());
        }
        reader.join(5000);
        return process.exitValue();
    }

    /** The pid of the JVM this process started through the launcher script. */
    public long javaPid() {
        return process.descendants().filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false)).findFirst()
                .orElseThrow(() -> new AssertionError(label + ": no java process")).pid();
    }

    /** The executable of the JVM this process started through the launcher script (which JDK runs it). */
    public String javaCommand() {
        return process.descendants().map(h -> h.info().command().orElse("")).filter(c -> c.endsWith("/java")).findFirst()
                .orElseThrow(() -> new AssertionError(label + ": no java process"));
    }

    /** Names of the live threads of the JVM this process started (through the launcher script), via jcmd. */
    public List<String> javaThreadNames() throws IOException, InterruptedException {
        ProcessHandle java = process.descendants().filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false)).findFirst()
                .orElseThrow(() -> new AssertionError(label + ": no java process"));
        String jcmd = java.info().command().get().replaceAll("/java$", "/jcmd");
        Process p = new ProcessBuilder(jcmd, Long.toString(java.pid()), "Thread.print").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out.lines().filter(l -> l.startsWith("\"")).map(l -> l.substring(1, l.indexOf('"', 1))).toList();
    }

    /** Asks the process to end (SIGTERM), so that it can flush its output; kills it if it has not ended in time. */
    public void stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
        }
        reader.join(5000);
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
