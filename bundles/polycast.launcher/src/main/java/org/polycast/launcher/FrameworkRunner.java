package org.polycast.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;

/**
 * Starts the image's framework with its run properties, installs its bundles at their start levels, starts them, and
 * waits until the framework stops (a {@code stop 0}, the command runner when its commands are done, or the JVM's
 * shutdown on SIGTERM or Ctrl-C, which stops the framework in order so that bundles leave overlays and groups).
 * Loaded by {@link Main} through the class loader that holds the framework.
 */
public final class FrameworkRunner {
    /** How long a shutdown waits for the framework to stop. */
    private static final long STOP_WAIT_MILLIS = 10_000;

    private FrameworkRunner() {
    }

    /** @return the process's exit status: 0 after an orderly stop, 1 when the framework stopped on an error */
    public static int run(Path image, String[] args) throws LaunchException, IOException, InterruptedException, BundleException {
        try (JarFile jar = new JarFile(image.toFile())) {
            LaunchSettings settings;
            JarEntry properties = jar.getJarEntry(ImageLayout.PROPERTIES);
            if (properties == null) {
                throw new LaunchException("the image has no " + ImageLayout.PROPERTIES, null);
            }
            try (InputStream in = jar.getInputStream(properties)) {
                settings = LaunchSettings.read(in);
            }
            String frameworkEntry = ImageLayout.frameworkEntry(jar.getManifest());
            Path storage = storage();
            Framework framework = newFramework(frameworkProperties(settings, storage));
            framework.init();
            framework.adapt(FrameworkStartLevel.class).setInitialBundleStartLevel(settings.defaultStartLevel());
            List<Bundle> installed = install(framework.getBundleContext(), jar, settings, frameworkEntry);
            for (Bundle b : installed) {
                if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                    // Started persistently: each starts when the framework reaches its start level.
                    b.start(Bundle.START_ACTIVATION_POLICY);
                }
            }
            Thread stopper = new Thread(() -> stop(framework), "polycast-shutdown");
            Runtime.getRuntime().addShutdownHook(stopper);
            framework.start();
            FrameworkEvent stopped = framework.waitForStop(0);
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException e) {
                // The JVM is shutting down already: the hook stops the framework.
            }
            deleteTree(storage);
            return stopped.getType() == FrameworkEvent.ERROR ? 1 : 0;
        }
    }

    /**
     * The image's run properties, each overridable with a system property of the same name, and set as system properties
     * where none is (libraries such as SLF4J's simple provider read only those).
     */
    static Map<String, String> frameworkProperties(LaunchSettings settings, Path storage) {
        Map<String, String> config = new HashMap<>();
        settings.frameworkProperties().forEach((key, value) -> {
            String given = System.getProperty(key);
            if (given == null) {
                System.setProperty(key, value);
                given = value;
            }
            config.put(key, given);
        });
        config.putIfAbsent(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        return config;
    }

    private static Framework newFramework(Map<String, String> config) throws LaunchException {
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, FrameworkRunner.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new LaunchException("the framework jar offers no " + FrameworkFactory.class.getName(), null));
        return factory.newFramework(config);
    }

    private static List<Bundle> install(BundleContext context, JarFile jar, LaunchSettings settings, String frameworkEntry)
            throws LaunchException, IOException {
        List<Bundle> out = new ArrayList<>();
        for (String entry : settings.bundles()) {
            if (entry.equals(frameworkEntry)) {
                continue;
            }
            JarEntry e = jar.getJarEntry(entry);
            if (e == null) {
                throw new LaunchException("the image lists " + entry + " but does not hold it", null);
            }
            try (InputStream in = jar.getInputStream(e)) {
                Bundle b = context.installBundle("polycast-image:" + entry, in);
                b.adapt(BundleStartLevel.class).setStartLevel(settings.startLevel(b.getSymbolicName()));
                out.add(b);
            } catch (BundleException x) {
                throw new LaunchException("cannot install " + entry + ": " + x.getMessage(), x);
            }
        }
        return out;
    }

    private static void stop(Framework framework) {
        try {
            framework.stop();
            framework.waitForStop(STOP_WAIT_MILLIS);
        } catch (BundleException | InterruptedException e) {
            // The JVM is ending anyway; nothing more to do.
        }
    }

    /** The framework's bundle cache: the system property if given, else a directory of this process under the temporary directory. */
    private static Path storage() throws IOException {
        String given = System.getProperty(Constants.FRAMEWORK_STORAGE);
        return given != null ? Path.of(given) : Files.createTempDirectory("polycast-bundles-");
    }

    private static void deleteTree(Path dir) {
        if (System.getProperty(Constants.FRAMEWORK_STORAGE) != null || !Files.isDirectory(dir)) {
            return; // an operator's cache stays
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // Left for the polycast script, which removes its temporary directory on exit.
        }
    }
}
