package org.polycast.testing;

import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;

/**
 * Fails a test class in which Netty found a leaked buffer. Registered for every test class of a module that has this jar on its
 * test class path (ServiceLoader; the parent POM turns on JUnit's extension auto-detection). The first class in a JVM installs
 * the recording detectors and proves them with a buffer it leaks on purpose, so a module whose Netty classes were initialised
 * too early, or whose tests do not run under {@code io.netty.leakDetection.level=paranoid}, fails loudly instead of checking
 * nothing.
 */
public final class NettyLeakGuard implements BeforeAllCallback, AfterAllCallback {
    /** Garbage collections per check: a buffer can survive one collection (a young one, or one in flight), so one is not always enough. */
    private static final int COLLECTIONS = 3;

    private static final Object LOCK = new Object();
    private static LeakRecorder recorder;

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (LOCK) {
            if (recorder == null) {
                recorder = install();
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        List<String> leaks = collect(recorder, false);
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " leaked Netty buffer(s) in " + context.getDisplayName() + ":\n" + String.join("\n", leaks));
        }
    }

    /** The installed recorder, for the guard's own test (which leaks on purpose and keeps the log quiet about it). */
    static LeakRecorder recorder() {
        synchronized (LOCK) {
            return recorder;
        }
    }

    private static LeakRecorder install() {
        if (ResourceLeakDetector.getLevel() != ResourceLeakDetector.Level.PARANOID) {
            throw new IllegalStateException("Netty leak detection runs at " + ResourceLeakDetector.getLevel()
                    + "; run the tests with -Dio.netty.leakDetection.level=paranoid (the parent POM sets it for surefire)");
        }
        LeakRecorder r = new LeakRecorder();
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(r);
        ByteBuf canary = Unpooled.directBuffer(1); // unpooled heap buffers are not tracked by Netty at all
        canary.writeByte(1);
        canary = null; // leaked on purpose
        r.proving(true);
        try {
            if (collect(r, true).isEmpty()) {
                throw new IllegalStateException("Netty's buffer classes were initialised before the leak checks were installed, so no leak"
                        + " would be seen; something in this test JVM touched Netty before the first test class started");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while proving the leak checks", e);
        } finally {
            r.proving(false);
        }
        return r;
    }

    /** Collects garbage and polls the detectors up to {@link #COLLECTIONS} times; stops at the first report if asked to. */
    private static List<String> collect(LeakRecorder r, boolean untilFirst) throws InterruptedException {
        List<String> leaks = new java.util.ArrayList<>();
        for (int i = 0; i < COLLECTIONS && !(untilFirst && !leaks.isEmpty()); i++) {
            // The Reference Handler thread enqueues what a collection found after it; a sentinel says when it got this far.
            java.lang.ref.ReferenceQueue<Object> queue = new java.lang.ref.ReferenceQueue<>();
            java.lang.ref.WeakReference<Object> sentinel = new java.lang.ref.WeakReference<>(new Object(), queue);
            System.gc();
            queue.remove(500);
            sentinel.clear();
            r.poll();
            leaks.addAll(r.drain());
        }
        return leaks;
    }
}
