package org.polycast.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class LaunchSettingsTest {
    private static LaunchSettings read(String text) throws Exception {
        return LaunchSettings.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void readsBundlesStartLevelsAndRunPropertiesAsBndWritesThem() throws Exception {
        LaunchSettings s = read("""
                launch.bundles=jar/a-1.0.jar,jar/org.osgi.util.promise-1.3.0.jar
                launch.runbundles.attrs=a;version\\="1.0";startlevel\\=5,org.osgi.util.promise;version\\="1.3.0.2022";startlevel\\=10
                launch.startlevel.default=21
                org.osgi.framework.startlevel.beginning=22
                felix.fileinstall.poll=500
                """);
        assertEquals(List.of("jar/a-1.0.jar", "jar/org.osgi.util.promise-1.3.0.jar"), s.bundles());
        assertEquals(5, s.startLevel("a"));
        assertEquals(10, s.startLevel("org.osgi.util.promise"));
        assertEquals(1, s.startLevel("not.listed"));
        assertEquals(21, s.defaultStartLevel());
        assertEquals("500", s.frameworkProperties().get("felix.fileinstall.poll"));
        assertEquals("22", s.frameworkProperties().get("org.osgi.framework.startlevel.beginning"));
        assertFalse(s.frameworkProperties().containsKey("launch.bundles"), "launch.* keys are the launcher's, not the framework's");
    }

    @Test
    void anImageWithoutBundlesOrWithABadStartLevelIsRefusedWithTheReason() {
        LaunchException none = assertThrows(LaunchException.class, () -> read("a=b\n"));
        assertTrue(none.getMessage().contains("launch.bundles"), none.getMessage());
        LaunchException bad = assertThrows(LaunchException.class, () -> read("launch.bundles=jar/a.jar\nlaunch.runbundles.attrs=a;startlevel\\=x\n"));
        assertTrue(bad.getMessage().contains("bad start level 'x'"), bad.getMessage());
    }

    @Test
    void clausesSplitOutsideQuotesOnly() {
        assertEquals(List.of("a;version=\"[1,2)\"", "b"), LaunchSettings.splitClauses("a;version=\"[1,2)\",b"));
    }

    @Test
    void thePackagerDropsBndsLauncherAndKeepsTheBundles() {
        assertFalse(ImagePackager.keep("aQute/launcher/pre/EmbeddedLauncher.class"));
        assertFalse(ImagePackager.keep("jar/biz.aQute.launcher-7.1.0.jar"));
        assertFalse(ImagePackager.keep("META-INF/MANIFEST.MF"));
        assertTrue(ImagePackager.keep("jar/org.apache.felix.framework-7.0.5.jar"));
        assertTrue(ImagePackager.keep("launcher.properties"));
    }
}
