package org.polycast.benchmarks;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Predicate;

import org.osgi.framework.Bundle;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.util.tracker.ServiceTracker;
import org.polycast.api.InterfaceProperties;
import org.polycast.api.MulticastService;

/**
 * Felix with the Polycast bundles of a directory, embedded in this JVM, configured by FileInstall
 * from the given files; the API package comes from the class path (system packages), so callers
 * use the very service the framework registered.
 */
final class EmbeddedPolycast implements AutoCloseable {
    private final Path storage;
    private final Framework framework;
    private final MulticastService service;

    /** The API bundle's own Export-Package header (packages and versions), read from its jar on the class path. */
    private static String apiExports() throws java.io.IOException {
        var manifests = EmbeddedPolycast.class.getClassLoader().getResources("META-INF/MANIFEST.MF");
        while (manifests.hasMoreElements()) {
            try (var in = manifests.nextElement().openStream()) {
                java.util.jar.Attributes a = new java.util.jar.Manifest(in).getMainAttributes();
                if ("polycast.api".equals(a.getValue("Bundle-SymbolicName"))) {
                    return a.getValue("Export-Package");
                }
            }
        }
        throw new IllegalStateException("polycast.api is not on the class path");
    }

    EmbeddedPolycast(File bundleDir, Map<String, String> confFiles) throws Exception {
        storage = Files.createTempDirectory("polycast-bench");
        Path conf = Files.createDirectories(storage.resolve("conf"));
        for (Map.Entry<String, String> f : confFiles.entrySet()) {
            Files.writeString(conf.resolve(f.getKey()), f.getValue());
        }
        Map<String, String> props = new HashMap<>();
        props.put("org.osgi.framework.storage", storage.resolve("cache").toString());
        props.put("org.osgi.framework.storage.clean", "onFirstInit");
        props.put("org.osgi.framework.system.packages.extra", apiExports());
        props.put("felix.fileinstall.dir", conf.toString());
        props.put("felix.fileinstall.noInitialDelay", "true");
        props.put("felix.fileinstall.log.level", "1");
        props.put("felix.fileinstall.enableConfigSave", "false"); // as in the runtime: save-back races with reading and can empty the config
        framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(props);
        framework.start();
        List<Bundle> installed = new ArrayList<>();
        File[] jars = bundleDir.listFiles((d, n) -> n.endsWith(".jar"));
        Arrays.sort(jars);
        for (File jar : jars) {
            installed.add(framework.getBundleContext().installBundle(jar.toURI().toString()));
        }
        for (Bundle b : installed) {
            if (b.getHeaders().get("Fragment-Host") == null) {
                b.start();
            }
        }
        ServiceTracker<MulticastService, MulticastService> tracker = new ServiceTracker<>(framework.getBundleContext(), MulticastService.class, null);
        tracker.open();
        service = tracker.waitForService(20_000);
        if (service == null) {
            throw new IllegalStateException("no MulticastService within 20 s");
        }
    }

    MulticastService service() {
        return service;
    }

    /** Waits up to 20 s until {@code count} Interfaces match; returns them. */
    List<InterfaceProperties> await(Predicate<InterfaceProperties> match, int count, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        List<InterfaceProperties> found = List.of();
        while (System.nanoTime() < deadline) {
            found = service.interfaces().stream().filter(match).toList();
            if (found.size() >= count) {
                return found;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException(count + " " + what + " expected within 20 s, found " + found.size() + ": " + service.interfaces()
                + "; bundles: " + Arrays.stream(framework.getBundleContext().getBundles()).map(b -> b.getSymbolicName() + "=" + b.getState()).toList());
    }

    Framework framework() {
        return framework;
    }

    @Override
    public void close() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
        TempDirectory.delete(storage);
    }
}
