package org.polycast.itest.netns;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every multi-namespace test shares: skipped loudly where namespaces cannot be made, a temporary folder for
 * runtime homes, and the test bed and processes it started, always removed afterwards.
 */
abstract class NamespaceTestSupport {
    @TempDir
    Path temp;
    NetnsTestBed bed;
    final List<HostProcess> processes = new ArrayList<>();

    @BeforeEach
    void requireNamespaces() {
        String why = NetnsTestBed.unavailableReason();
        assumeTrue(why == null, why);
    }

    @AfterEach
    void removeWhatTheTestMade() {
        processes.forEach(HostProcess::close);
        if (bed != null) {
            bed.close();
        }
    }

    /** Keeps a process to be closed after the test. */
    HostProcess keep(HostProcess p) {
        processes.add(p);
        return p;
    }
}
