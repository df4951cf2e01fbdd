package org.polycast.ip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.polycast.api.HamUri;

class IpMappingTest {
    private static IpSettings settings(IpFamily f) {
        return new IpSettings(Set.of(), Set.of(), false, 1, true, MulticastRange.parse(f.defaultDerivedRange(), f), 20000, 29999, 5000,
                1 << 20, 5, "auto", false);
    }

    private final IpMapping v4 = new IpMapping(IpFamily.V4, settings(IpFamily.V4));
    private final IpMapping v6 = new IpMapping(IpFamily.V6, settings(IpFamily.V6));

    private static Optional<HamUri> uri(String s) {
        return Optional.of(HamUri.parse(s));
    }

    @Test
    void ipNamesMapCanonically() {
        assertEquals(uri("ham:ip:239.1.2.3:5000"), v4.map(HamUri.parse("ham:ip:239.1.2.3:5000")));
        assertEquals(uri("ham:ip:232.1.1.1@198.18.1.1:5000"), v4.map(HamUri.parse("ham:ip:232.1.1.1@198.18.1.1:5000/alg;v")));
        assertEquals(uri("ham:ip:[ff3e::1]@[2001:2::1]:5000"), v6.map(HamUri.parse("ham:ip:[ff3e::1]@[2001:2::1]:5000")));
        assertEquals(uri("ham:ip:239.1.2.3:5000"), v4.map(HamUri.parse("ham:ip:239.1.2.3")), "the default port");
    }

    @Test
    void namesAnotherFamilyOrNoMulticastCannotBeCarried() {
        assertEquals(Optional.empty(), v6.map(HamUri.parse("ham:ip:239.1.2.3:5000")));
        assertEquals(Optional.empty(), v4.map(HamUri.parse("ham:ip:[ff15::1]:5000")));
        assertEquals(Optional.empty(), v4.map(HamUri.parse("ham:ip:198.18.0.1:5000")), "a unicast address is no group");
        assertEquals(Optional.empty(), v4.map(HamUri.parse("ham:ip:239.1.1.1@239.2.2.2:5000")), "a multicast source is invalid");
        assertEquals(Optional.empty(), v4.map(HamUri.parse("ham:ip:*")));
        assertEquals(Optional.empty(), v4.map(HamUri.parse("ham:ip:no-such-host.invalid:5000")));
    }

    @Test
    void otherNamespacesGetADeterministicDerivedAddressInTheRange() throws Exception {
        HamUri name = HamUri.parse("ham:opaque:demo");
        HamUri a = v4.map(name).orElseThrow();
        assertEquals(a, new IpMapping(IpFamily.V4, settings(IpFamily.V4)).map(name).orElseThrow(), "every host derives the same");
        GroupEndpoint e = v4.endpoint(a);
        byte[] b = e.group().getAddress();
        assertEquals(239, b[0] & 0xff);
        assertEquals(192, b[1] & 0xfc & 0xff, "within 239.192.0.0/14");
        assertTrue(e.port() >= 20000 && e.port() <= 29999);
        assertEquals(7000, v4.endpoint(v4.map(HamUri.parse("ham:opaque:demo:7000")).orElseThrow()).port(), "a name's port is kept");
        GroupEndpoint six = v6.endpoint(v6.map(name).orElseThrow());
        assertTrue(six.group().getHostAddress().startsWith("ff15:0:0:0:0:0:"), six.group().getHostAddress());
        assertTrue(!a.equals(v4.map(HamUri.parse("ham:opaque:demo2")).orElseThrow()));
        // The documented rule: SHA-256 of the name's text, first four bytes as the offset in the range.
        byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest("ham:opaque:demo".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        long offset = java.nio.ByteBuffer.wrap(h).getInt(0) & 0xffffffffL;
        int expected = java.nio.ByteBuffer.wrap(InetAddress.getByName("239.192.0.0").getAddress()).getInt() + (int) (offset % (1 << 18));
        assertEquals(expected, java.nio.ByteBuffer.wrap(e.group().getAddress()).getInt());
    }

    @Test
    void rangesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> MulticastRange.parse("10.0.0.0/8", IpFamily.V4));
        assertThrows(IllegalArgumentException.class, () -> MulticastRange.parse("239.0.0.0", IpFamily.V4));
        assertThrows(IllegalArgumentException.class, () -> MulticastRange.parse("ff15::/96", IpFamily.V4));
        assertThrows(IllegalArgumentException.class, () -> MulticastRange.parse("239.1.1.1/32", IpFamily.V4));
        assertEquals("239.192.0.5", MulticastRange.parse("239.192.0.0/14", IpFamily.V4).addressAt(5).getHostAddress());
        assertEquals("239.192.0.1", MulticastRange.parse("239.192.0.0/14", IpFamily.V4).addressAt((1 << 18) + 1).getHostAddress());
    }

    @Test
    void atomicSizeFollowsTheMtu() {
        assertEquals(1472, IpFamily.V4.atomicSize(1500));
        assertEquals(1452, IpFamily.V6.atomicSize(1500));
        assertEquals(65507, IpFamily.V4.atomicSize(65536));
    }
}
