package org.polycast.shell.internal;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.BundleListener;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.tracker.ServiceTracker;
import org.polycast.api.runtime.PolycastRuntime;
import org.polycast.api.runtime.dto.InterfaceDTO;
import org.polycast.api.spi.TechnologyInterface;

/**
 * Runs commands without a console, for {@code polycast -c 'a; b'} and {@code polycast --script F}:
 * waits until the runtime has started and its technologies are up, runs the commands in one
 * Gogo session, writes 0 (all succeeded) or 1 to the file named by {@value #EXIT_FILE}, and
 * stops the framework. Does nothing unless {@value #COMMANDS} or {@value #SCRIPT} is set.
 */
@Component(immediate = true)
public class ScriptRunner {
    static final String COMMANDS = "polycast.commands";
    static final String SCRIPT = "polycast.script";
    static final String EXIT_FILE = "polycast.exit.file";
    private static final long STARTUP_LIMIT_MILLIS = 30_000;
    /**
     * How long the framework must be quiet before commands run, beyond one FileInstall poll:
     * FileInstall starts the bundles it found in deploy/ on its first poll after the framework started.
     */
    private static final long QUIET_MILLIS = 200;

    private final BundleContext context;
    private final CommandProcessor processor;
    private Thread thread;

    @Activate
    public ScriptRunner(BundleContext context, @Reference CommandProcessor processor) {
        this.context = context;
        this.processor = processor;
        String commands = context.getProperty(COMMANDS);
        String script = context.getProperty(SCRIPT);
        if (commands != null || script != null) {
            thread = new Thread(() -> run(commands, script), "polycast-script");
            thread.start();
        }
    }

    @Deactivate
    void deactivate() {
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void run(String commands, String script) {
        int status = 1;
        try {
            String text = commands != null ? commands : readScript(Path.of(script));
            awaitStartup();
            status = execute(text) ? 0 : 1;
        } catch (InterruptedException e) {
            System.err.println("polycast: interrupted before the commands finished");
        } catch (IOException e) {
            System.err.println("polycast: cannot read script " + script + ": " + e.getMessage());
        } finally {
            writeStatus(status);
            try {
                context.getBundle(0).stop();
            } catch (BundleException | IllegalStateException e) {
                System.err.println("polycast: stopping the framework failed: " + e.getMessage());
            }
        }
    }

    private static String readScript(Path file) throws IOException {
        // Gogo separates statements by newlines; drop comment lines, which it would try to run.
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.strip().startsWith("#"))
                .collect(Collectors.joining("\n"));
    }

    private boolean execute(String text) {
        // The process's real streams: Gogo has replaced System.out with a per-thread stream that
        // would write back into the session.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        try (CommandSession session = processor.createSession(new FileInputStream(FileDescriptor.in), out, err)) {
            Object result = session.execute(text);
            if (result != null) {
                out.println(session.format(result, Converter.INSPECT));
            }
            return true;
        } catch (Exception e) {
            err.println("polycast: " + reason(e) + quotingHint(text, reason(e)));
            if (Boolean.parseBoolean(context.getProperty("polycast.debug"))) {
                e.printStackTrace(err);
            }
            return false;
        }
    }

    /** The message of the exception a command threw, unwrapped from Gogo's reflection; a very long one is cut. */
    static String reason(Throwable e) {
        Throwable t = e;
        while ((t instanceof java.lang.reflect.InvocationTargetException || t.getMessage() == null) && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage() != null ? t.getMessage() : t.toString();
        return m.length() <= 600 ? m : m.substring(0, 600) + "... (" + m.length() + " characters)";
    }

    /**
     * Gogo reads [...] as a list, {...} as a closure, $ as a variable and % as an operator before any command sees
     * the text: a ham: name with an IPv6 literal or a %-escape must be quoted. Said when Gogo's own parse or a usage
     * error meets such a character unquoted.
     */
    static String quotingHint(String text, String reason) {
        boolean gogoSyntax = reason.startsWith("bad expression") || reason.startsWith("usage:") || reason.contains("Cannot coerce")
                || reason.startsWith("eof") || reason.contains("unexpected");
        if (!gogoSyntax) {
            return "";
        }
        for (String word : text.split("\\s+")) {
            if (word.startsWith("ham:") && word.chars().anyMatch(c -> "[]{}$%".indexOf(c) >= 0)) {
                return " (Gogo reads [ ] { } $ % itself: quote the name, for example 'ham:ip:[ff15::1]:5000')";
            }
        }
        return "";
    }

    /**
     * Waits, bounded, until the framework reached its start level, bundle and service events have
     * stopped for a moment (FileInstall installs deploy/ in its own thread after it starts), and
     * every technology Interface is up.
     */
    private void awaitStartup() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STARTUP_LIMIT_MILLIS);
        AtomicLong lastEvent = new AtomicLong(System.nanoTime());
        BundleListener bundles = e -> lastEvent.set(System.nanoTime());
        ServiceListener services = e -> lastEvent.set(System.nanoTime());
        context.addBundleListener(bundles);
        context.addServiceListener(services);
        try {
            awaitTechnologies(deadline);
            long quiet = TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS + parse(context.getProperty("felix.fileinstall.poll"), 0));
            while (System.nanoTime() - lastEvent.get() < quiet && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            awaitTechnologies(deadline);
        } finally {
            context.removeServiceListener(services);
            context.removeBundleListener(bundles);
        }
    }

    private void awaitTechnologies(long deadline) throws InterruptedException {
        Bundle system = context.getBundle(0);
        FrameworkStartLevel fsl = system.adapt(FrameworkStartLevel.class);
        int beginning = parse(context.getProperty("org.osgi.framework.startlevel.beginning"), 1);
        while ((system.getState() != Bundle.ACTIVE || fsl.getStartLevel() < beginning) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        ServiceTracker<PolycastRuntime, PolycastRuntime> runtime = new ServiceTracker<>(context, PolycastRuntime.class, null);
        ServiceTracker<TechnologyInterface, TechnologyInterface> technologies = new ServiceTracker<>(context, TechnologyInterface.class, null);
        runtime.open();
        technologies.open();
        try {
            PolycastRuntime r = runtime.waitForService(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            while (r != null && System.nanoTime() < deadline && settledInterfaces(r) < technologies.size()) {
                Thread.sleep(20);
            }
        } finally {
            technologies.close();
            runtime.close();
        }
    }

    /** Interfaces that are up or failed, that is no longer opening; a failed one must not hold the commands back. */
    private static long settledInterfaces(PolycastRuntime r) {
        InterfaceDTO[] ifs = r.getRuntimeDTO().interfaces;
        return java.util.Arrays.stream(ifs).filter(i -> !InterfaceDTO.STATE_OPENING.equals(i.state)).count();
    }

    private static int parse(String s, int fallback) {
        try {
            return s == null ? fallback : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private void writeStatus(int status) {
        String file = context.getProperty(EXIT_FILE);
        if (file == null) {
            return;
        }
        try {
            Files.writeString(Path.of(file), Integer.toString(status), StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("polycast: cannot write exit status to " + file + ": " + e.getMessage());
        }
    }
}
