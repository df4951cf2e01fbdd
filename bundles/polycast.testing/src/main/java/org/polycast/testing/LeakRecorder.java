package org.polycast.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import io.netty.util.ResourceLeakTracker;

/**
 * Netty's leak detectors, made to keep what they report: Netty only logs a {@code LEAK:} line (and not at all when its logger
 * is switched off), which a passing build would not notice. Installed as Netty's detector factory before the first buffer class
 * is initialised; {@link #poll} makes every detector look at its reference queue, which Netty otherwise does only on the next
 * allocation.
 */
final class LeakRecorder extends ResourceLeakDetectorFactory {
    private final List<Detector<?>> detectors = new CopyOnWriteArrayList<>();
    private final List<String> leaks = new CopyOnWriteArrayList<>();
    /** While the guard proves the detectors with a buffer it leaks on purpose, nothing is logged. */
    private volatile boolean proving;

    void proving(boolean on) {
        proving = on;
    }

    @Override
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval, long maxActive) {
        Detector<T> d = new Detector<>(resource, samplingInterval);
        detectors.add(d);
        return d;
    }

    /** The leaks reported since the last call, cleared. */
    List<String> drain() {
        List<String> out = new ArrayList<>(leaks);
        leaks.removeAll(out);
        return out;
    }

    /** Lets every detector report what the garbage collector has queued so far. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void poll() {
        Object probe = new Object();
        for (Detector d : detectors) {
            // Tracking (and at once closing) a throw-away object runs the detector's report of its reference queue.
            ResourceLeakTracker t = d.trackForcibly(probe);
            t.close(probe);
        }
    }

    private final class Detector<T> extends ResourceLeakDetector<T> {
        Detector(Class<?> resource, int samplingInterval) {
            super(resource, samplingInterval);
        }

        @Override
        protected boolean needReport() {
            return true;
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            leaks.add("LEAK: " + resourceType + ".release() was not called before it was garbage-collected." + records);
            if (!proving) {
                super.reportTracedLeak(resourceType, records);
            }
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            leaks.add("LEAK: " + resourceType + ".release() was not called before it was garbage-collected (no records).");
            if (!proving) {
                super.reportUntracedLeak(resourceType);
            }
        }
    }
}
