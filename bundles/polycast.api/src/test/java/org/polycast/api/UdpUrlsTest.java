package org.polycast.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UdpUrlsTest {

    @Test
    void vlcAnySourceForm() {
        assertEquals(HamUri.parse("ham:ip:239.255.12.42:1234"), UdpUrls.toHamUri("udp://@239.255.12.42:1234"));
    }

    @Test
    void vlcSourceSpecificFormPutsTheSourceAfterTheGroup() {
        assertEquals(HamUri.parse("ham:ip:232.1.1.1@198.18.1.1:5000"), UdpUrls.toHamUri("udp://198.18.1.1@232.1.1.1:5000"));
    }

    @Test
    void ffmpegSourcesParameter() {
        assertEquals(HamUri.parse("ham:ip:232.1.1.1@198.18.1.1:5000"), UdpUrls.toHamUri("udp://232.1.1.1:5000?sources=198.18.1.1&pkt_size=1316"));
    }

    @Test
    void ipv6Forms() {
        assertEquals(HamUri.parse("ham:ip:[ff3e::1]@[2001:2::1]:5000"), UdpUrls.toHamUri("udp://[2001:2::1]@[ff3e::1]:5000"));
        assertEquals(HamUri.parse("ham:ip:[ff3e::1]@[2001:2::1]:5000"), UdpUrls.toHamUri("udp://[ff3e::1]:5000?sources=2001:2::1"));
    }

    @Test
    void formatsVlcStyle() {
        assertEquals("udp://@239.1.1.1:5000", UdpUrls.toUdpUrl(HamUri.parse("ham:ip:239.1.1.1:5000")));
        assertEquals("udp://198.18.1.1@232.1.1.1:5000", UdpUrls.toUdpUrl(HamUri.parse("ham:ip:232.1.1.1@198.18.1.1:5000")));
    }

    @Test
    void rejectsWhatHasNoEquivalent() {
        assertThrows(IllegalArgumentException.class, () -> UdpUrls.toUdpUrl(HamUri.parse("ham:opaque:demo:5000")));
        assertThrows(IllegalArgumentException.class, () -> UdpUrls.toUdpUrl(HamUri.parse("ham:ip:239.1.1.1")));
        assertTrue(assertThrows(HamUriSyntaxException.class, () -> UdpUrls.toHamUri("rtp://@239.1.1.1:5000")).getReason().contains("udp://"));
        assertTrue(assertThrows(HamUriSyntaxException.class, () -> UdpUrls.toHamUri("udp://239.1.1.1:5000?sources=a,b")).getReason().contains("one source"));
        assertTrue(assertThrows(HamUriSyntaxException.class, () -> UdpUrls.toHamUri("udp://198.18.1.1:4000@232.1.1.1:5000")).getReason().contains("source port"));
        assertTrue(assertThrows(HamUriSyntaxException.class, () -> UdpUrls.toHamUri("udp://@300.1.1.1:5000")).getReason().contains("out of range"));
    }
}
