package org.polycast.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removal of the directories the harnesses create for framework caches and keys, so that runs leave nothing behind. */
final class TempDirectory {
    private TempDirectory() {
    }

    /** Deletes {@code dir} with everything in it; what cannot be deleted is reported, not thrown (the figures matter more). */
    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
        if (Files.exists(dir)) {
            System.err.println("could not delete all of " + dir);
        }
    }
}
