package org.polycast.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HamUriTest {

    @Test
    void rfcExampleIpv4WithPort() {
        HamUri uri = HamUri.parse("ham:ip:224.1.2.3:5000");
        assertEquals("ip", uri.namespace());
        assertEquals("224.1.2.3", uri.group());
        assertEquals(OptionalInt.of(5000), uri.port());
        assertEquals(Optional.empty(), uri.instantiation());
        assertEquals("ham:ip:224.1.2.3:5000", uri.toString());
    }

    @Test
    void rfcExampleIpv6IsBracketedAndCanonical() {
        HamUri uri = HamUri.parse("ham:ip:[ff02:0:0:0:0:0:0:3]:6000");
        assertEquals("[ff02::3]", uri.group());
        assertEquals(6000, uri.port().getAsInt());
        assertEquals("ham:ip:[ff02::3]:6000", uri.toString());
        assertEquals(uri, HamUri.parse("ham:ip:[FF02::0:3]:6000"));
    }

    @Test
    void rfcExamplesSipAndOpaqueSplitAtTheInstantiation() {
        HamUri sip = HamUri.parse("ham:sip:news@cnn.com");
        assertEquals("news", sip.group());
        assertEquals(Optional.of("cnn.com"), sip.instantiation());
        HamUri opaque = HamUri.parse("ham:opaque:news@cnn.com");
        assertEquals("opaque", opaque.namespace());
        assertEquals("ham:opaque:news@cnn.com", opaque.toString());
        assertNotEquals(sip, opaque);
    }

    @Test
    void ssmChannelCarriesTheSourceAsInstantiation() {
        HamUri uri = HamUri.parse("ham:ip:232.1.1.1@198.18.1.1:5000");
        assertEquals("232.1.1.1", uri.group());
        assertEquals(Optional.of("198.18.1.1"), uri.instantiation());
        assertEquals(5000, uri.port().getAsInt());
    }

    @Test
    void ipv6SsmChannelWithBracketedSource() {
        HamUri uri = HamUri.parse("ham:ip:[ff3e::8000:1]@[2001:2:0:0::1]:5000");
        assertEquals("[ff3e::8000:1]", uri.group());
        assertEquals(Optional.of("[2001:2::1]"), uri.instantiation());
        assertEquals("ham:ip:[ff3e::8000:1]@[2001:2::1]:5000", uri.toString());
    }

    @Test
    void credentialsAreKeptApartFromTheGroupName() {
        HamUri uri = HamUri.parse("ham:opaque:news:4000/hmac-sha256;c2VjcmV0");
        assertEquals("hmac-sha256", uri.credentials().orElseThrow().algorithm());
        assertEquals("c2VjcmV0", uri.credentials().orElseThrow().value());
        assertEquals("ham:opaque:news:4000", uri.toString(), "toString must not leak credentials");
        assertEquals("ham:opaque:news:4000/hmac-sha256;c2VjcmV0", uri.toUriString());
        assertEquals(HamUri.parse("ham:opaque:news:4000"), uri.groupName());
        assertFalse(uri.credentials().orElseThrow().toString().contains("c2VjcmV0"));
    }

    @Test
    void wildcardGroup() {
        HamUri uri = HamUri.parse("ham:ip:*@198.18.1.1");
        assertTrue(uri.isWildcard());
        assertTrue(HamUri.parse("ham:reload:*").isWildcard());
    }

    @Test
    void schemeNamespaceAndDnsNamesAreCaseInsensitive() {
        assertEquals(HamUri.parse("ham:ip:streams.example.org:1234"), HamUri.parse("HAM:IP:Streams.Example.ORG:01234"));
        assertNotEquals(HamUri.parse("ham:opaque:News"), HamUri.parse("ham:opaque:news"), "opaque names are case-sensitive");
    }

    @Test
    void percentEncodingIsNormalised() {
        assertEquals("ham:opaque:a%20b", HamUri.parse("ham:opaque:a%20b").toString());
        assertEquals("ham:opaque:a%2Fb", HamUri.parse("ham:opaque:a%2fb").toString());
        assertEquals(HamUri.parse("ham:opaque:abc"), HamUri.parse("ham:opaque:%61bc"), "encoded unreserved characters are decoded");
    }

    @Test
    void unknownNamespacesAreAcceptedButFlagged() {
        HamUri uri = HamUri.parse("ham:x-corp.v2:room-7");
        assertEquals("x-corp.v2", uri.namespace());
        assertFalse(uri.isDefinedNamespace());
        assertTrue(HamUri.parse("ham:sha-2:abc").isDefinedNamespace());
        assertTrue(HamUri.parse("ham:reload:chat").isDefinedNamespace());
    }

    @Test
    void formatParseRoundTrip() {
        for (String s : new String[] {"ham:ip:239.1.2.3", "ham:ip:[::1]:1", "ham:sip:alice@example.com:5060",
                "ham:opaque:x_y~z.w-v", "ham:reload:tree-1@overlay.example:9", "ham:sha-2:sha-256.f4OxZX_x",
                "ham:ip:[::ffff:198.18.0.1]", "ham:ip:[2001:2::]:65535/alg;val"}) {
            HamUri uri = HamUri.parse(s);
            assertEquals(uri, HamUri.parse(uri.toUriString()), s);
        }
        assertEquals("ham:ip:[::ffff:c612:1]", HamUri.parse("ham:ip:[::ffff:198.18.0.1]").toString());
    }

    @Test
    void withPortAndOf() {
        assertEquals("ham:opaque:demo:7000", HamUri.of("opaque", "demo").withPort(7000).toString());
        assertThrows(IllegalArgumentException.class, () -> HamUri.of("opaque", "demo").withPort(70000));
    }

    /** Each malformed input with a fragment of the expected reason and the expected index. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "''                                   | empty input                                  | -1",
        "ham                                  | missing scheme                               | -1",
        "http:ip:1.2.3.4                      | scheme must be 'ham', found 'http'           | 0",
        "udp://@239.1.1.1:5000                | found 'udp'                                  | 0",
        "ham:ip                               | missing ':' after namespace                  | 6",
        "ham::group                           | empty namespace                              | 4",
        "ham:1p:group                         | namespace must start with a letter           | 4",
        "ham:o_paque:group                    | character '_' is not allowed in a namespace  | 5",
        "ham:opaque:                          | empty group                                  | 11",
        "ham:opaque:@src                      | empty group                                  | 11",
        "ham:opaque:a b                       | space is not allowed                         | 12",
        "ham:opaque:a\tb                      | U+0009                                       | 12",
        "ham:opaque:grüße                     | U+00FC                                       | 13",
        "ham:opaque:a#b                       | character '#' is not allowed in group        | 12",
        "ham:opaque:a[b]                      | character '[' is not allowed in group        | 12",
        "ham:opaque:a*                        | '*' is only allowed alone                    | 12",
        "ham:opaque:a%2                       | incomplete percent-encoding                  | 12",
        "ham:opaque:a%zz                      | two hex digits                               | 12",
        "ham:opaque:g@                        | empty instantiation                          | 13",
        "ham:opaque:g@a@b                     | second '@'                                   | 14",
        "ham:opaque:g@*                       | '*' is allowed as group only                 | 13",
        "ham:opaque:g:                        | empty port                                   | 13",
        "ham:opaque:g:http                    | port must be decimal digits, found 'h'       | 13",
        "ham:opaque:g:0                       | port 0 is out of range 1..65535              | 13",
        "ham:opaque:g:65536                   | port 65536 is out of range                   | 13",
        "ham:opaque:g:99999999999999999999    | is out of range                              | 13",
        "ham:opaque:g:80@src                  | instantiation ('@') must come before the port | 15",
        "ham:opaque:g:80:81                   | unexpected ':' after port                    | 15",
        "ham:opaque:g/                        | missing ';'                                  | 13",
        "ham:opaque:g/;val                    | empty algorithm                              | 13",
        "ham:opaque:g/alg;                    | empty value                                  | 17",
        "ham:opaque:g/al:g;v                  | character ':' is not allowed in the sec-credentials algorithm | 15",
        "ham:opaque:g/alg;v;w                 | character ';' is not allowed in sec-credentials value | 18",
        "ham:ip:300.1.1.1:5000                | IPv4 address part 300 is out of range        | 7",
        "ham:ip:239.1.1:5000                  | must have four parts                         | 7",
        "ham:ip:239.01.1.1                    | leading zero                                 | 11",
        "ham:ip:239..1.1                      | empty part                                   | 11",
        "ham:ip:ff02::1:6000                  | IPv6 literal must be enclosed in brackets    | 7",
        "ham:ip:[ff02::1:6000                 | '[' without matching ']'                     | 7",
        "ham:ip:[]                            | empty IPv6 literal                           | 8",
        "ham:ip:[ff02:::1]                    | too many consecutive ':'                     | 14",
        "ham:ip:[1:2:3:4:5:6:7:8:9]           | more than eight groups                       | 24",
        "ham:ip:[1:2:3]                       | has 3 groups, needs eight                    | 8",
        "ham:ip:[fffff::1]                    | longer than four hex digits                  | 8",
        "ham:ip:[ff02::g]                     | invalid character 'g'                        | 14",
        "ham:ip:[fe80::1%25eth0]              | zone identifiers are not allowed             | 15",
        "ham:ip:[v1.abc]                      | IPvFuture                                    | 8",
        "ham:ip:[:1::2]                       | must not start with a single ':'             | 8",
        "ham:ip:[1::2:]                       | must not end with a single ':'               | 12",
        "ham:sip:[x]                          | brackets are allowed only around IPv6        | 8",
        "ham:ip:bad_host.example              | character '_' is not allowed in an IP address or DNS name | 10",
        "ham:ip:-bad.example                  | must not start or end with '-'               | 7",
        "ham:ip:a..b                          | empty label                                  | 9",
        "ham:ip:239.1.1.1@[2001:2::1          | '[' without matching ']'                     | 17",
    })
    void malformedInputIsRejectedWithAPreciseReason(String input, String reason, int index) {
        HamUriSyntaxException e = assertThrows(HamUriSyntaxException.class, () -> HamUri.parse(input.replace("\\t", "\t")));
        assertTrue(e.getReason().contains(reason.trim()), () -> "reason was: " + e.getReason());
        assertEquals(index, e.getIndex(), () -> "reason was: " + e.getReason());
        assertTrue(e.getMessage().contains(input.replace("\\t", "\t")), "the message names the input");
    }

    @Test
    void overlongInputIsRejected() {
        HamUriSyntaxException e = assertThrows(HamUriSyntaxException.class, () -> HamUri.parse("ham:opaque:" + "a".repeat(3000)));
        assertTrue(e.getReason().contains("longer than 2048"));
    }

    @Test
    void overlongDnsLabelIsRejected() {
        HamUriSyntaxException e = assertThrows(HamUriSyntaxException.class, () -> HamUri.parse("ham:ip:" + "a".repeat(64) + ".example"));
        assertTrue(e.getReason().contains("longer than 63"));
    }
}
