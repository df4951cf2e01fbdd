package org.polycast.itest;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import javax.inject.Inject;

import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.polycast.api.InterfaceProperties;
import org.polycast.api.Message;
import org.polycast.api.MulticastService;
import org.polycast.api.MulticastSocket;

/** Shared set-up: the Polycast bundles from target/it-bundles on Felix, except the test technology "echo" and the example application, which tests install. */
public abstract class PolycastTestSupport {
    static final String ECHO = "polycast.itest.echo";
    /** The example application; installed by the tests that want it. */
    static final String TICKER = "polycast.example.ticker";
    static final long WAIT_MILLIS = 10_000;

    @Inject
    protected BundleContext context;

    @Inject
    protected MulticastService service;

    static File bundleDir() {
        return new File(System.getProperty("it.bundles", "target/it-bundles"));
    }

    static String location(String symbolicName) {
        return new File(bundleDir(), symbolicName + ".jar").toURI().toString();
    }

    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>();
        options.add(systemProperty("org.ops4j.pax.url.mvn.localRepository").value(System.getProperty("maven.repo.local", "")));
        options.add(systemProperty("org.ops4j.pax.url.mvn.repositories").value(""));
        options.add(systemProperty("it.bundles").value(bundleDir().getAbsolutePath()));
        options.add(cleanCaches());
        options.add(junitBundles());
        File[] jars = bundleDir().listFiles((d, n) -> n.endsWith(".jar") && !n.startsWith(ECHO) && !n.startsWith(TICKER));
        if (jars == null || jars.length == 0) {
            throw new IllegalStateException("no bundles in " + bundleDir() + "; run through Maven (mvn verify)");
        }
        Arrays.sort(jars);
        for (File jar : jars) {
            options.add(bundle(jar.toURI().toString()));
        }
        return options.toArray(new Option[0]);
    }

    /** Polls until the condition holds; fails with {@code what} after {@link #WAIT_MILLIS}. */
    static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        waitFor(condition, () -> what);
    }

    /** The same, with a description made at the time of failure (for the state seen then). */
    static void waitFor(BooleanSupplier condition, java.util.function.Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + WAIT_MILLIS + " ms waiting for " + what.get());
            }
            Thread.sleep(10);
        }
    }

    static Message receive(MulticastSocket s) throws InterruptedException {
        return s.receive(Duration.ofMillis(WAIT_MILLIS)).orElseThrow(() -> new AssertionError("nothing received within " + WAIT_MILLIS + " ms"));
    }

    Optional<Integer> interfaceIndex(String technology) {
        return service.interfaces().stream().filter(p -> p.technology().equals(technology)).map(InterfaceProperties::index).findFirst();
    }

    int awaitInterface(String technology) throws InterruptedException {
        waitFor(() -> interfaceIndex(technology).isPresent(), "a " + technology + " interface");
        return interfaceIndex(technology).get();
    }

    Bundle installed(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> b.getSymbolicName().equals(symbolicName)).findFirst()
                .orElseThrow(() -> new AssertionError("bundle " + symbolicName + " is not installed"));
    }

    Bundle installAndStart(String symbolicName) throws Exception {
        Bundle b = context.installBundle(location(symbolicName));
        b.start();
        return b;
    }

    static long countThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
    }
}
