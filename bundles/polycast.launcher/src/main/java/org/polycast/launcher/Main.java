package org.polycast.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarFile;

/**
 * The main class of a runtime image ({@code java -jar runtime/target/polycast.jar}). The image holds the framework jar
 * and the bundles under {@code jar/} and the launch settings in {@code launcher.properties}, as bnd exports them; this
 * class puts the framework jar on a class loader of its own and hands over to {@link FrameworkRunner}, which sees the
 * OSGi API through that loader. It replaces bnd's launcher, which sets a {@code java.security.Policy} and so cannot run
 * on Java 24 and later.
 * <p>
 * This class must not touch an OSGi type: the application class path holds only the image jar, not the framework.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int status;
        try {
            status = launch(args);
        } catch (LaunchException e) {
            System.err.println("polycast launcher: " + e.getMessage());
            status = 2;
        }
        System.exit(status);
    }

    static int launch(String[] args) throws LaunchException {
        Path image = imageJar();
        String frameworkEntry;
        try (JarFile jar = new JarFile(image.toFile())) {
            frameworkEntry = ImageLayout.frameworkEntry(jar.getManifest());
            Path framework = extract(jar, frameworkEntry);
            URL[] urls = {framework.toUri().toURL(), image.toUri().toURL()};
            // The platform loader as parent: FrameworkRunner and the OSGi API must come from this loader, not the application's.
            @SuppressWarnings("resource") // lives as long as the framework, that is the process
            URLClassLoader loader = new URLClassLoader("polycast-framework", urls, ClassLoader.getPlatformClassLoader());
            Thread.currentThread().setContextClassLoader(loader);
            Class<?> runner = loader.loadClass(FrameworkRunner.class.getName());
            return (int) runner.getMethod("run", Path.class, String[].class).invoke(null, image, args);
        } catch (IOException e) {
            throw new LaunchException("cannot read the image " + image + ": " + e.getMessage(), e);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof LaunchException l) {
                throw l;
            }
            throw new LaunchException("the framework failed: " + cause, cause);
        } catch (ReflectiveOperationException e) {
            throw new LaunchException("the image's launcher is incomplete: " + e, e);
        }
    }

    /** The jar this class was loaded from. */
    private static Path imageJar() throws LaunchException {
        try {
            Path p = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(p)) {
                throw new LaunchException("start the image with java -jar IMAGE.jar (the launcher is not in a jar: " + p + ")", null);
            }
            return p;
        } catch (URISyntaxException | SecurityException e) {
            throw new LaunchException("cannot locate the image jar: " + e.getMessage(), e);
        }
    }

    /**
     * Copies the framework jar out of the image into the temporary directory (the {@code polycast} script gives every
     * runtime its own and removes it on exit); the copy is removed when the JVM ends.
     */
    private static Path extract(JarFile jar, String entry) throws IOException, LaunchException {
        var e = jar.getJarEntry(entry);
        if (e == null) {
            throw new LaunchException("the image has no " + entry, null);
        }
        Path target = Files.createTempFile("polycast-framework-", ".jar");
        target.toFile().deleteOnExit();
        try (InputStream in = jar.getInputStream(e)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
