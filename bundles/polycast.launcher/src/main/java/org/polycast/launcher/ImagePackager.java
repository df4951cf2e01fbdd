package org.polycast.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Build step (runtime/pom.xml, after bnd's export): rewrites each exported image around this launcher. The framework,
 * the bundles and {@code launcher.properties} stay as bnd wrote them; bnd's launcher classes and jar go, this package's
 * classes come in, and the manifest names {@link Main} and the framework jar.
 */
public final class ImagePackager {
    /** Entry times in the rewritten jar: fixed, so that the same inputs give the same image. */
    private static final long ENTRY_TIME = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    private ImagePackager() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: ImagePackager IMAGE.jar...");
            System.exit(2);
        }
        for (String a : args) {
            repackage(Path.of(a));
        }
    }

    static void repackage(Path image) throws IOException, LaunchException, URISyntaxException {
        Path launcher = Path.of(ImagePackager.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path absolute = image.toAbsolutePath();
        Path dir = absolute.getParent();
        Path name = absolute.getFileName();
        if (dir == null || name == null) {
            throw new IOException("not an image file: " + image);
        }
        Path out = Files.createTempFile(dir, name.toString(), ".tmp");
        try (JarFile in = new JarFile(image.toFile()); OutputStream file = Files.newOutputStream(out); JarOutputStream jar = new JarOutputStream(file,
                manifest(ImageLayout.frameworkEntry(in.getManifest())))) {
            for (Enumeration<JarEntry> e = in.entries(); e.hasMoreElements();) {
                JarEntry entry = e.nextElement();
                if (keep(entry.getName())) {
                    copy(in, entry, jar);
                }
            }
            addLauncherClasses(launcher, jar);
        } catch (IOException | LaunchException | RuntimeException e) {
            Files.deleteIfExists(out);
            throw e;
        }
        try {
            Files.setPosixFilePermissions(out, Files.getPosixFilePermissions(image)); // a temporary file is owner-only
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the default permissions stand
        }
        Files.move(out, image, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Manifest manifest(String frameworkEntry) {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        a.putValue(ImageLayout.FRAMEWORK_HEADER, frameworkEntry);
        return m;
    }

    /** What of bnd's image stays: everything but its launcher, its start scripts and the old manifest. */
    static boolean keep(String name) {
        return !name.equals(JarFile.MANIFEST_NAME) && !name.equals("META-INF/") && !name.startsWith("aQute/") && !name.startsWith("jar/biz.aQute.launcher")
                && !name.equals("start") && !name.equals("start.bat") && !name.startsWith("org/polycast/launcher/");
    }

    private static void copy(JarFile in, JarEntry entry, JarOutputStream jar) throws IOException {
        JarEntry copy = new JarEntry(entry.getName());
        copy.setTime(ENTRY_TIME);
        if (entry.getName().endsWith(".jar") && entry.getSize() >= 0 && entry.getCrc() >= 0) {
            // Bundles are compressed already: stored, they cost nothing to write or to read at start-up.
            copy.setMethod(JarEntry.STORED);
            copy.setSize(entry.getSize());
            copy.setCompressedSize(entry.getSize());
            copy.setCrc(entry.getCrc());
        }
        jar.putNextEntry(copy);
        if (!entry.isDirectory()) {
            try (InputStream data = in.getInputStream(entry)) {
                data.transferTo(jar);
            }
        }
        jar.closeEntry();
    }

    /** This package's classes, from the launcher's jar (or its class directory, when run from the build's classes). */
    private static void addLauncherClasses(Path launcher, JarOutputStream jar) throws IOException {
        String prefix = Main.class.getPackageName().replace('.', '/') + "/";
        if (Files.isDirectory(launcher)) {
            try (var files = Files.walk(launcher.resolve(prefix))) {
                for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                    JarEntry e = new JarEntry(launcher.relativize(p).toString().replace('\\', '/'));
                    e.setTime(ENTRY_TIME);
                    jar.putNextEntry(e);
                    Files.copy(p, jar);
                    jar.closeEntry();
                }
            }
            return;
        }
        try (JarFile self = new JarFile(launcher.toFile())) {
            for (Enumeration<JarEntry> e = self.entries(); e.hasMoreElements();) {
                JarEntry entry = e.nextElement();
                if (entry.getName().startsWith(prefix) && entry.getName().endsWith(".class")) {
                    copy(self, entry, jar);
                }
            }
        }
    }
}
