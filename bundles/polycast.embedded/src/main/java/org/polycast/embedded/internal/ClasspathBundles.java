package org.polycast.embedded.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/**
 * The OSGi bundles on the class path that Polycast runs inside its embedded framework: Polycast's own (but the API,
 * which the class path itself provides, so that the program and the bundles share its classes), the Felix services,
 * Netty, Bouncy Castle, dnsjava and the OSGi service APIs; everything else on the class path is left alone.
 */
public final class ClasspathBundles {
    /** One bundle jar: its symbolic name and where it is. */
    public record Jar(String symbolicName, Path path, boolean fragment) {
    }

    private static final List<String> RUN_PREFIXES = List.of("polycast.", "org.apache.felix.scr", "org.apache.felix.configadmin", "org.apache.felix.log",
            "io.netty.", "org.osgi.service.component", "org.osgi.service.log", "org.osgi.util.promise", "org.osgi.util.function", "org.xbill.dns",
            "bcprov", "bcpkix", "bcutil");
    /** On the class path, never inside: the API is shared from the class path; the rest are build-time or test jars. */
    private static final List<String> NEVER = List.of("polycast.api", "polycast.embedded", "polycast.tck", "polycast.itest", "polycast.launcher",
            "polycast.common", "polycast.ip.common");

    private ClasspathBundles() {
    }

    /** The bundles found on {@code java.class.path}, by symbolic name (the first of a name wins, as on a class path). */
    public static Map<String, Jar> find() {
        Map<String, Jar> found = new LinkedHashMap<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.endsWith(".jar")) {
                continue;
            }
            Attributes main = manifest(Path.of(entry));
            String name = main == null ? null : main.getValue("Bundle-SymbolicName");
            if (name == null) {
                continue;
            }
            name = name.split(";")[0].trim();
            if (runs(name)) {
                found.putIfAbsent(name, new Jar(name, Path.of(entry), main.getValue("Fragment-Host") != null));
            }
        }
        return found;
    }

    static boolean runs(String symbolicName) {
        return NEVER.stream().noneMatch(symbolicName::equals) && !symbolicName.contains(".annotation")
                && RUN_PREFIXES.stream().anyMatch(symbolicName::startsWith);
    }

    /** The Export-Package header of a jar on the class path, found by symbolic name; null if it is not there. */
    public static String exportsOf(String symbolicName) {
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (entry.endsWith(".jar")) {
                Attributes main = manifest(Path.of(entry));
                String name = main == null ? null : main.getValue("Bundle-SymbolicName");
                if (name != null && name.split(";")[0].trim().equals(symbolicName)) {
                    return main.getValue("Export-Package");
                }
            }
        }
        return null;
    }

    private static Attributes manifest(Path jar) {
        try (JarFile f = new JarFile(jar.toFile())) {
            return f.getManifest() == null ? null : f.getManifest().getMainAttributes();
        } catch (IOException e) {
            return null; // not a readable jar: not a bundle we run
        }
    }

    /** Names of the jars, for messages. */
    public static List<String> names(Map<String, Jar> jars) {
        return new ArrayList<>(jars.keySet());
    }
}
