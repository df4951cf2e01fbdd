package org.polycast.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RequestGuardsTest {
    private static final String OWN = "http://127.0.0.1:8080";

    @Test
    void aStateChangingRequestSentForAnotherSiteIsRefused() {
        assertTrue(RequestOrigin.judge("POST", OWN, "http://127.0.0.1:9000", null, "same-site").refused(), "another port is another origin");
        assertTrue(RequestOrigin.judge("POST", OWN, "http://evil.example", null, null).refused());
        assertTrue(RequestOrigin.judge("POST", OWN, "null", null, null).refused(), "a sandboxed or data: page");
        assertTrue(RequestOrigin.judge("POST", OWN, null, "http://evil.example/form.html", null).refused(), "Referer when there is no Origin");
        assertTrue(RequestOrigin.judge("POST", OWN, null, null, "cross-site").refused(), "Fetch Metadata alone");
        assertTrue(RequestOrigin.judge("DELETE", OWN, "http://evil.example", null, null).refused());
    }

    @Test
    void theConsolesOwnPagesReadingRequestsAndNonBrowsersPass() {
        assertFalse(RequestOrigin.judge("POST", OWN, OWN, OWN + "/system/console/configMgr", "same-origin").refused());
        assertFalse(RequestOrigin.judge("POST", OWN, null, OWN + "/system/console/bundles", null).refused());
        assertFalse(RequestOrigin.judge("GET", OWN, "http://evil.example", null, "cross-site").refused(), "reading changes nothing");
        assertFalse(RequestOrigin.judge("POST", OWN, null, null, null).refused(), "curl and scripts send none of these headers");
        assertFalse(RequestOrigin.judge("POST", OWN, null, null, "none").refused(), "typed into the address bar");
    }

    @Test
    void originsAreComparedInFull() {
        assertTrue(OWN.equals(RequestOrigin.originOf(OWN + "/system/console?x=1")));
        assertTrue("http://[::1]:8080".equals(RequestOrigin.originOf("http://[::1]:8080/a")));
        assertTrue("?".equals(RequestOrigin.originOf("not a url")));
    }

    @Test
    void fiveWrongPasswordsLockAnAddressOutForTheRestOfTheMinute() {
        AtomicLong now = new AtomicLong(1_000_000);
        LoginThrottle t = new LoginThrottle(5, 60_000, now::get);
        for (int i = 0; i < 4; i++) {
            t.failed("198.18.0.9");
        }
        assertFalse(t.locked("198.18.0.9"), "four are allowed");
        t.failed("198.18.0.9");
        assertTrue(t.locked("198.18.0.9"));
        assertFalse(t.locked("198.18.0.10"), "another address is not affected");
        now.addAndGet(59_000);
        assertTrue(t.locked("198.18.0.9"));
        now.addAndGet(1_000);
        assertFalse(t.locked("198.18.0.9"), "the window has passed");
        t.failed("198.18.0.11");
        t.succeeded("198.18.0.11");
        for (int i = 0; i < 4; i++) {
            t.failed("198.18.0.11");
        }
        assertFalse(t.locked("198.18.0.11"), "a success starts the count again");
    }
}
