package org.polycast.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordFileTest {
    @TempDir
    Path home;

    private static ConsoleConfig generated() {
        return new ConsoleConfig() {
            @Override
            public String user() {
                return "admin";
            }

            @Override
            public String passwordSha256() {
                return "";
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return ConsoleConfig.class;
            }
        };
    }

    @Test
    void twoConsolesSharingAHomeKeepTheirOwnPasswordsOwnerOnly() throws Exception {
        String before = System.getProperty("polycast.home");
        System.setProperty("polycast.home", home.toString());
        ConsoleSecurity first = new ConsoleSecurity();
        ConsoleSecurity second = new ConsoleSecurity();
        try {
            first.configure(generated());
            second.configure(generated());
            Path firstFile = home.resolve(ConsoleSecurity.PASSWORD_FILE);
            Path secondFile = home.resolve("webconsole-" + ProcessHandle.current().pid() + ".password");
            assertTrue(Files.exists(firstFile) && Files.exists(secondFile), "each has its own file");
            String a = Files.readString(firstFile).trim();
            String b = Files.readString(secondFile).trim();
            assertNotEquals(a, b);
            assertTrue(first.matches("admin", a) && second.matches("admin", b), "each file holds its console's password");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secondFile)));
            first.releaseHome();
            ConsoleSecurity third = new ConsoleSecurity();
            third.configure(generated());
            assertTrue(third.matches("admin", Files.readString(firstFile).trim()), "once the first is gone, the next takes the home's file");
            third.releaseHome();
        } finally {
            second.releaseHome();
            if (before == null) {
                System.clearProperty("polycast.home");
            } else {
                System.setProperty("polycast.home", before);
            }
        }
    }
}
