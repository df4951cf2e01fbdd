package org.polycast.naming.sip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.polycast.api.HamUri;
import org.polycast.api.HamUriSyntaxException;

class SipNamesTest {
    private static HamUri canonical(String text) {
        return SipNames.canonicalize(HamUri.parse(text));
    }

    @ParameterizedTest
    @CsvSource({
        "ham:sip:news@cnn.com,                 ham:sip:news@cnn.com",
        "ham:sip:news@CNN.Com,                 ham:sip:news@cnn.com",
        "ham:sip:news@cnn.com.,                ham:sip:news@cnn.com",
        "ham:sip:%6Eews@cnn.com,               ham:sip:news@cnn.com",
        "ham:sip:a%2fb@example.org,            ham:sip:a%2Fb@example.org",
        "ham:sip:a%3Fb@example.org,            ham:sip:a%3Fb@example.org",
        "ham:sip:a%7e.b@example.org,           ham:sip:a~.b@example.org",
        "ham:sip:a%20b@example.org,            ham:sip:a%20b@example.org",
        "ham:sip:alice%3bday%3Dtue@atlanta.com, ham:sip:alice%3Bday%3Dtue@atlanta.com",
        "ham:sip:it%27s%21@example.org,       ham:sip:it%27s%21@example.org",
        "ham:sip:%2B1-212-555-1212@gw.example, ham:sip:%2B1-212-555-1212@gw.example",
        "ham:sip:news@192.0.2.4,               ham:sip:news@192.0.2.4",
        "ham:sip:news@CNN.com:5000,            ham:sip:news@cnn.com:5000",
    })
    void canonicalForms(String in, String expected) {
        assertEquals(HamUri.parse(expected), canonical(in));
    }

    @Test
    void userIsCaseSensitiveDomainIsNot() {
        assertNotEquals(canonical("ham:sip:News@cnn.com"), canonical("ham:sip:news@cnn.com"));
        assertEquals(canonical("ham:sip:news@CNN.COM"), canonical("ham:sip:news@cnn.com"));
    }

    @Test
    void canonicalFormIsAFixedPoint() {
        for (String s : new String[] {"ham:sip:%6Eews@CNN.com.", "ham:sip:a%2fb@x.org", "ham:sip:a%7e@x.org"}) {
            HamUri once = canonical(s);
            assertEquals(once, SipNames.canonicalize(once), s);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ham:sip:news                 | a SIP group name needs a domain",
        "ham:sip:news@-cnn.com        | must not start or end with '-'",
        "ham:sip:news@cnn-.com        | must not start or end with '-'",
        "ham:sip:news@cnn.4com        | top label of a SIP domain must start with a letter",
        "ham:sip:news@cnn..com        | empty label",
        "ham:sip:news@cnn_x.com       | character '_' is not allowed in a SIP domain",
        "ham:sip:news@300.1.1.1       | octet out of range",
        "ham:sip:news@1.2.3           | neither a host name nor an IPv4 address",
        "ham:sip:news@c%2A.com        | host names take no escapes",
        "ham:opaque:news@cnn.com      | not a SIP name",
    })
    void invalidNamesSayWhatIsWrong(String in, String reason) {
        HamUriSyntaxException e = assertThrows(HamUriSyntaxException.class, () -> canonical(in.trim()));
        assertTrue(e.getReason().contains(reason.trim()), e.getReason());
    }

    @Test
    void longLabelsAndDomainsAreRefused() {
        String label = "a".repeat(64);
        assertThrows(HamUriSyntaxException.class, () -> canonical("ham:sip:x@" + label + ".com"));
        String domain = ("a".repeat(60) + ".").repeat(5) + "com";
        assertThrows(HamUriSyntaxException.class, () -> canonical("ham:sip:x@" + domain));
    }

    @Test
    void wildcardUserKeepsItsMeaning() {
        assertEquals(HamUri.parse("ham:sip:*@cnn.com"), canonical("ham:sip:*@CNN.com"));
    }
}
