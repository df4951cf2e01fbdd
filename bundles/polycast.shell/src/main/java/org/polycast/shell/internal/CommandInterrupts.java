package org.polycast.shell.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.CommandSessionListener;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) interrupts the shell command that runs, as in any shell, rather than ending the runtime: the command
 * stops and says how far it got ({@code ham:send interrupted after 1200 of 5000 messages}), and the prompt comes back.
 * With no command running, SIGINT ends the runtime as before (the JVM's own handler). Gogo tells this listener when each
 * command of a session starts and ends.
 */
@Component(immediate = true, service = CommandSessionListener.class)
public final class CommandInterrupts implements CommandSessionListener {
    private static final Signal INT = new Signal("INT");
    /** How Gogo names the threads that run the statements of a command. */
    private static final String PIPE_THREAD = "pipe-";
    /** The command each session runs now (the innermost, for a script that runs commands inside a command). */
    private final Map<CommandSession, java.util.Deque<String>> running = new ConcurrentHashMap<>();
    private final Logger log;
    private final Bundle systemBundle;
    private SignalHandler previous;

    @Activate
    public CommandInterrupts(BundleContext context, @Reference(service = LoggerFactory.class) Logger log) {
        this.log = log;
        this.systemBundle = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        try {
            previous = Signal.handle(INT, this::interrupted);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            log.warn("Ctrl-C ends the runtime instead of the running command: SIGINT cannot be handled here ({})", e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        if (previous != null) {
            Signal.handle(INT, previous);
        }
    }

    private void interrupted(Signal signal) {
        if (running.isEmpty()) {
            endRuntime(signal);
            return;
        }
        // Gogo runs each statement of a command line on a thread of its own, named "pipe-" and the statement: those of
        // the commands that run now are interrupted (the command's job is a child of the console's, which must go on and
        // runs on a pipe thread too, and the API lists only the console's job).
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName();
            if (name.startsWith(PIPE_THREAD) && name.length() > PIPE_THREAD.length() && runs(name.substring(PIPE_THREAD.length()))) {
                t.interrupt();
            }
        }
    }

    /** Whether a statement is part of a command that runs now (the innermost of a session's). */
    private boolean runs(String statement) {
        for (java.util.Deque<String> commands : running.values()) {
            String command = commands.peekLast();
            if (command != null && command.contains(statement.strip())) {
                return true;
            }
        }
        return false;
    }

    private void endRuntime(Signal signal) {
        try {
            previous.handle(signal);
        } catch (UnsupportedOperationException e) {
            // The JVM's default is a native handler that cannot be called from Java: stop the framework, which ends the runtime.
            log.info("SIGINT with no command running: the runtime stops");
            try {
                systemBundle.stop();
            } catch (BundleException x) {
                log.error("cannot stop the runtime on SIGINT: {}", x.getMessage());
            }
        }
    }

    @Override
    public void beforeExecute(CommandSession session, CharSequence command) {
        running.computeIfAbsent(session, s -> new java.util.concurrent.ConcurrentLinkedDeque<>()).addLast(command.toString());
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence command, Exception exception) {
        done(session);
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence command, Object result) {
        done(session);
    }

    private void done(CommandSession session) {
        running.computeIfPresent(session, (s, commands) -> {
            commands.pollLast();
            return commands.isEmpty() ? null : commands;
        });
    }
}
