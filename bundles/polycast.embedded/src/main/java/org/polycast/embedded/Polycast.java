package org.polycast.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.launch.Framework;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;
import org.polycast.api.MulticastService;
import org.polycast.api.runtime.PolycastRuntime;
import org.polycast.api.runtime.dto.InterfaceDTO;
import org.polycast.api.spi.TechnologyInterface;
import org.polycast.embedded.internal.ClasspathBundles;
import org.polycast.embedded.internal.LogForwarding;

/**
 * Polycast in a plain Java program, without an OSGi framework of the program's own:
 *
 * <pre>{@code
 * try (Polycast polycast = Polycast.builder().technologies("loopback", "ipv4").start()) {
 *     MulticastService service = polycast.service();
 *     try (MulticastSocket socket = service.createSocket()) {
 *         socket.join(HamUri.parse("ham:opaque:hello"));
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>{@link Builder#start()} starts Felix inside this JVM with the Polycast core, the chosen technologies and the
 * framework services they need, all taken from the class path (add {@code org.polycast:polycast.ipv4} and the others as
 * dependencies to have them), and returns once the service is registered and the technologies' Interfaces have
 * opened. The API classes come from the class path, so the program and the runtime share them. {@link #close()} stops
 * everything and removes the framework's storage.
 */
public final class Polycast implements AutoCloseable {
    /** The technologies by the names {@link Builder#technologies} takes, and the bundle of each. */
    public static final Map<String, String> TECHNOLOGIES = Map.of("loopback", "polycast.loopback", "ipv4", "polycast.ipv4", "ipv6",
            "polycast.ipv6", "amt", "polycast.amt", "overlay", "polycast.reload", "alm", "polycast.alm", "dht-mapping", "polycast.mapping.dht",
            "sip-naming", "polycast.naming.sip", "gateway", "polycast.gateway");

    private final Framework framework;
    private final Path storage;
    private final boolean ownStorage;
    private final ServiceTracker<MulticastService, MulticastService> service;
    private final ServiceTracker<PolycastRuntime, PolycastRuntime> runtime;

    private final LogForwarding log;

    private Polycast(Framework framework, Path storage, boolean ownStorage, ServiceTracker<MulticastService, MulticastService> service,
            ServiceTracker<PolycastRuntime, PolycastRuntime> runtime, LogForwarding log) {
        this.framework = framework;
        this.log = log;
        this.storage = storage;
        this.ownStorage = ownStorage;
        this.service = service;
        this.runtime = runtime;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The RFC 7046 service: sockets, group sets, events. */
    public MulticastService service() {
        MulticastService s = service.getService();
        if (s == null) {
            throw new IllegalStateException("Polycast is closed");
        }
        return s;
    }

    /** The operator's view: Interfaces, sockets, counters, failures. */
    public PolycastRuntime runtime() {
        PolycastRuntime r = runtime.getService();
        if (r == null) {
            throw new IllegalStateException("Polycast is closed");
        }
        return r;
    }

    /** Stops the runtime (every socket closes, every membership is left) and removes its storage if Polycast made it. */
    @Override
    public void close() {
        service.close();
        runtime.close();
        log.close();
        try {
            framework.stop();
            framework.waitForStop(10_000);
        } catch (BundleException e) {
            throw new IllegalStateException("stopping the embedded framework failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (ownStorage) {
                delete(storage);
            }
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // what cannot be removed stays in the temporary directory
                }
            });
        } catch (IOException e) {
            // a temporary directory left behind is not worth failing close() for
        }
    }

    /** What to run and how to configure it. */
    public static final class Builder {
        private final Set<String> technologies = new LinkedHashSet<>(List.of("loopback"));
        private final Map<String, Map<String, Object>> configurations = new LinkedHashMap<>();
        private final Set<String> awaited = new LinkedHashSet<>();
        private Duration startTimeout = Duration.ofSeconds(30);
        private Path storage;
        private Path home;

        private Builder() {
        }

        /**
         * The technologies to run (default: {@code loopback}), by the names of {@link Polycast#TECHNOLOGIES}; each one's
         * bundle must be on the class path.
         *
         * @throws IllegalArgumentException naming an unknown technology and the known ones
         */
        public Builder technologies(String... names) {
            Set<String> next = new LinkedHashSet<>();
            for (String n : names) {
                if (!TECHNOLOGIES.containsKey(n)) {
                    throw new IllegalArgumentException("unknown technology '" + n + "'; known: " + new java.util.TreeSet<>(TECHNOLOGIES.keySet()));
                }
                next.add(n);
            }
            technologies.clear();
            technologies.addAll(next);
            return this;
        }

        /**
         * A configuration, as the runtime's {@code conf/PID.cfg} would give it: {@code pid} is a PID such as
         * {@code org.polycast.core}, or {@code factoryPid~name} for a factory configuration such as
         * {@code org.polycast.amt.gateway~amt0}. Applied before the technologies start.
         */
        public Builder configure(String pid, Map<String, ?> properties) {
            if (pid == null || pid.isBlank()) {
                throw new IllegalArgumentException("a configuration needs a PID");
            }
            configurations.put(pid, new HashMap<>(properties));
            return this;
        }

        /**
         * Makes {@link #start()} wait also until an Interface of this technology (as {@code InterfaceProperties}
         * names it: {@code ip}, {@code amt}, {@code alm}, {@code loopback}) is up: the ALM Interface, for one, opens
         * only once the overlay peer has joined.
         */
        public Builder awaitInterface(String technology) {
            awaited.add(technology);
            return this;
        }

        /** Where the framework keeps its state; default a temporary directory removed at close. */
        public Builder storage(Path directory) {
            this.storage = directory;
            return this;
        }

        /**
         * The runtime home, where the technologies keep what outlives a start: the overlay peer's key and certificate
         * ({@code reload/<overlay>/}), for one. Default: the system property {@code polycast.home} if set, else the
         * framework's storage, so that every start has a new identity and two programs on one host never share one.
         * Sets {@code polycast.home} for this JVM.
         */
        public Builder home(Path directory) {
            this.home = directory;
            return this;
        }

        /** How long {@link #start()} waits for the service and the Interfaces; default 30 s. */
        public Builder startTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the start time-out must be positive, was " + timeout);
            }
            this.startTimeout = timeout;
            return this;
        }

        /**
         * Starts the runtime and returns once the service is registered and every started technology's Interfaces have
         * opened (or failed, which {@link PolycastRuntime#getRuntimeDTO()} then reports).
         *
         * @throws IllegalStateException naming what is missing from the class path, which bundle did not start and
         *         why, or what did not appear in time
         */
        public Polycast start() {
            Map<String, ClasspathBundles.Jar> jars = ClasspathBundles.find();
            List<String> missing = new ArrayList<>();
            for (String required : Stream.concat(Stream.of("polycast.core", "org.apache.felix.scr"), technologies.stream().map(TECHNOLOGIES::get)).toList()) {
                if (!jars.containsKey(required)) {
                    missing.add(required);
                }
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException("not on the class path: " + missing + " (add org.polycast:" + missing.get(0)
                        + " or the artifact of that bundle as a dependency)");
            }
            boolean ownStorage = storage == null;
            Path dir;
            try {
                dir = ownStorage ? Files.createTempDirectory("polycast-embedded") : Files.createDirectories(storage);
            } catch (IOException e) {
                throw new IllegalStateException("cannot create the framework's storage: " + e.getMessage(), e);
            }
            if (home != null) {
                System.setProperty("polycast.home", home.toAbsolutePath().toString());
            } else if (System.getProperty("polycast.home") == null) {
                System.setProperty("polycast.home", dir.toAbsolutePath().toString());
            }
            Map<String, String> properties = new HashMap<>();
            properties.put("org.osgi.framework.storage", dir.resolve("felix-cache").toString());
            properties.put("org.osgi.framework.storage.clean", "onFirstInit");
            properties.put("org.osgi.framework.system.packages.extra", systemPackages());
            Framework framework = new FrameworkFactory().newFramework(properties);
            LogForwarding log = null;
            long deadline = System.nanoTime() + startTimeout.toNanos();
            try {
                framework.start();
                BundleContext context = framework.getBundleContext();
                log = new LogForwarding(context);
                Set<String> technologyBundles = Set.copyOf(TECHNOLOGIES.values());
                List<Bundle> infrastructure = new ArrayList<>();
                List<Bundle> chosen = new ArrayList<>();
                for (ClasspathBundles.Jar jar : jars.values()) {
                    boolean technology = technologyBundles.contains(jar.symbolicName());
                    if (technology && !technologies.stream().map(TECHNOLOGIES::get).toList().contains(jar.symbolicName())) {
                        continue; // on the class path but not chosen
                    }
                    Bundle b = context.installBundle(jar.path().toUri().toString());
                    if (!jar.fragment()) {
                        (technology ? chosen : infrastructure).add(b);
                    }
                }
                for (Bundle b : infrastructure) {
                    b.start();
                }
                configure(context, deadline);
                for (Bundle b : chosen) {
                    b.start();
                }
                ServiceTracker<MulticastService, MulticastService> service = new ServiceTracker<>(context, MulticastService.class, null);
                ServiceTracker<PolycastRuntime, PolycastRuntime> runtime = new ServiceTracker<>(context, PolycastRuntime.class, null);
                service.open();
                runtime.open();
                if (service.waitForService(remainingMillis(deadline)) == null || runtime.waitForService(remainingMillis(deadline)) == null) {
                    throw new IllegalStateException("the Polycast service did not appear within " + startTimeout + "; bundles: " + states(context));
                }
                awaitInterfaces(context, runtime.getService(), deadline);
                for (String technology : awaited) {
                    awaitInterfaceUp(runtime.getService(), technology, deadline);
                }
                return new Polycast(framework, dir, ownStorage, service, runtime, log);
            } catch (BundleException e) {
                abandon(framework, dir, ownStorage);
                throw new IllegalStateException("a bundle did not start: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                abandon(framework, dir, ownStorage);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting Polycast", e);
            } catch (RuntimeException e) {
                abandon(framework, dir, ownStorage);
                throw e;
            }
        }

        private void configure(BundleContext context, long deadline) throws InterruptedException {
            if (configurations.isEmpty()) {
                return;
            }
            ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> cm = new ServiceTracker<>(context, ConfigurationAdmin.class, null);
            cm.open();
            try {
                ConfigurationAdmin admin = cm.waitForService(remainingMillis(deadline));
                if (admin == null) {
                    throw new IllegalStateException("configurations were given but no ConfigurationAdmin is running (org.apache.felix.configadmin is missing)");
                }
                for (Map.Entry<String, Map<String, Object>> c : configurations.entrySet()) {
                    String pid = c.getKey();
                    int tilde = pid.indexOf('~');
                    Configuration configuration = tilde < 0 ? admin.getConfiguration(pid, "?")
                            : admin.getFactoryConfiguration(pid.substring(0, tilde), pid.substring(tilde + 1), "?");
                    Dictionary<String, Object> d = new Hashtable<>(c.getValue());
                    configuration.update(d);
                }
            } catch (IOException e) {
                throw new IllegalStateException("a configuration could not be stored: " + e.getMessage(), e);
            } finally {
                cm.close();
            }
        }

        /** Waits until as many Interfaces are up or failed as technologies registered, as the launcher does before a script. */
        private static void awaitInterfaces(BundleContext context, PolycastRuntime runtime, long deadline) throws InterruptedException {
            ServiceTracker<TechnologyInterface, TechnologyInterface> registered = new ServiceTracker<>(context, TechnologyInterface.class, null);
            registered.open();
            try {
                while (System.nanoTime() < deadline) {
                    long settled = Arrays.stream(runtime.getRuntimeDTO().interfaces).filter(i -> !InterfaceDTO.STATE_OPENING.equals(i.state)).count();
                    if (settled >= registered.size()) {
                        return;
                    }
                    Thread.sleep(10);
                }
            } finally {
                registered.close();
            }
        }

        private void awaitInterfaceUp(PolycastRuntime runtime, String technology, long deadline) throws InterruptedException {
            while (Arrays.stream(runtime.getRuntimeDTO().interfaces).noneMatch(i -> i.technology.equals(technology) && InterfaceDTO.STATE_UP.equals(i.state))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no " + technology + " Interface came up within " + startTimeout + "; the Interfaces: "
                            + Arrays.stream(runtime.getRuntimeDTO().interfaces).map(i -> i.index + " " + i.technology + " " + i.name + " " + i.state
                                    + (i.failure != null ? " (" + i.failure + ")" : "")).toList());
                }
                Thread.sleep(20);
            }
        }

        private static long remainingMillis(long deadline) {
            return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        }

        private static String systemPackages() {
            String api = ClasspathBundles.exportsOf("polycast.api");
            if (api == null) {
                throw new IllegalStateException("polycast.api is not on the class path");
            }
            // ConfigurationAdmin's and the Log Service's API from the class path too, so that configure() and the log
            // forwarding share them with the bundles.
            return api + ",org.osgi.service.cm;version=\"1.6.0\";uses:=\"org.osgi.framework\""
                    + ",org.osgi.service.log;version=\"1.5.0\";uses:=\"org.osgi.framework\""
                    + ",org.osgi.service.log.admin;version=\"1.0.0\";uses:=\"org.osgi.service.log\"";
        }

        private static String states(BundleContext context) {
            return Arrays.stream(context.getBundles()).map(b -> b.getSymbolicName() + "=" + stateName(b.getState())).toList().toString();
        }

        private static String stateName(int state) {
            return switch (state) {
                case Bundle.ACTIVE -> "active";
                case Bundle.RESOLVED -> "resolved";
                case Bundle.INSTALLED -> "installed (unresolved)";
                case Bundle.STARTING -> "starting";
                case Bundle.STOPPING -> "stopping";
                default -> "uninstalled";
            };
        }

        /** After a failed start: stops what started and removes the storage Polycast made. */
        private static void abandon(Framework framework, Path dir, boolean ownStorage) {
            try {
                framework.stop();
                framework.waitForStop(10_000);
            } catch (BundleException | InterruptedException e) {
                // already failing; the first error is the one to report
            }
            if (ownStorage) {
                delete(dir);
            }
        }
    }
}
