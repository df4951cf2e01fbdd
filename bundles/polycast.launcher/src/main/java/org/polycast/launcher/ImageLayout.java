package org.polycast.launcher;

import java.util.jar.Manifest;

/** Where an image keeps its parts: bnd's executable-jar layout, with this launcher in place of bnd's. */
final class ImageLayout {
    /** The launch settings bnd's exporter writes: the run properties and the {@code launch.*} keys. */
    static final String PROPERTIES = "launcher.properties";
    /** The manifest header naming the framework jar inside the image. */
    static final String FRAMEWORK_HEADER = "Polycast-Framework";
    /** bnd's header with the framework and its launcher, read when an image has not been repackaged. */
    static final String BND_RUNPATH_HEADER = "Embedded-Runpath";
    static final String BUNDLES = "launch.bundles";
    static final String BUNDLE_ATTRIBUTES = "launch.runbundles.attrs";
    static final String DEFAULT_START_LEVEL = "launch.startlevel.default";
    static final String LAUNCH_PREFIX = "launch.";

    private ImageLayout() {
    }

    /** The framework jar's entry name. */
    static String frameworkEntry(Manifest manifest) throws LaunchException {
        if (manifest == null) {
            throw new LaunchException("the image has no manifest", null);
        }
        String named = manifest.getMainAttributes().getValue(FRAMEWORK_HEADER);
        if (named != null && !named.isBlank()) {
            return named.trim();
        }
        String runpath = manifest.getMainAttributes().getValue(BND_RUNPATH_HEADER);
        if (runpath != null) {
            for (String entry : runpath.split(",")) {
                if (entry.trim().contains("org.apache.felix.framework")) {
                    return entry.trim();
                }
            }
        }
        throw new LaunchException("the image's manifest names no framework jar (" + FRAMEWORK_HEADER + ")", null);
    }
}
