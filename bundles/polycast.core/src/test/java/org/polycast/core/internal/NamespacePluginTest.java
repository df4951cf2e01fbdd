package org.polycast.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.polycast.api.HamUri;
import org.polycast.api.HamUriSyntaxException;
import org.polycast.api.Message;
import org.polycast.api.MulticastException;
import org.polycast.api.MulticastSocket;
import org.polycast.api.NamespaceUnavailableException;
import org.polycast.api.spi.NamespaceHandler;

/** Namespace plugins as the core sees them: required namespaces, canonical names, guarded calls. */
class NamespacePluginTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final FakeTechnology.Bus bus = new FakeTechnology.Bus();
    private final Middleware mw = new Middleware(Settings.defaults().withCallTimeout(300), CoreLog.SILENT);

    /** Lower-cases the instantiation; refuses names without one. */
    private static final class DomainLowerCase implements NamespaceHandler {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public HamUri canonicalize(HamUri name) {
            calls.incrementAndGet();
            String domain = name.instantiation().orElseThrow(() -> new HamUriSyntaxException(name.toString(), -1, "no domain"));
            return HamUri.parse("ham:sip:" + name.group() + "@" + domain.toLowerCase(java.util.Locale.ROOT)).withPort(name.port().orElse(0));
        }
    }

    @AfterEach
    void close() {
        mw.close();
    }

    private MulticastSocket socketOnFake() {
        FakeTechnology t = new FakeTechnology("fake", "f0", bus);
        mw.addInterface(t, t.properties(), "test");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (mw.interfaces().isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        return mw.createSocket();
    }

    @Test
    void requiredNamespaceIsRefusedWithoutItsPluginAndWorksWhenItComes() throws Exception {
        MulticastSocket s = socketOnFake();
        HamUri name = HamUri.parse("ham:sip:news@Example.COM");
        NamespaceUnavailableException e = assertThrows(NamespaceUnavailableException.class, () -> s.join(name));
        assertEquals("sip", e.namespace());
        assertTrue(e.getMessage().contains("polycast.naming.sip"), e.getMessage());
        assertThrows(NamespaceUnavailableException.class, () -> s.send(name, new byte[1]));

        DomainLowerCase handler = new DomainLowerCase();
        mw.addNamespaceHandler(handler, Map.of(NamespaceHandler.NAMESPACE, "sip"));
        s.join(name);
        s.join(HamUri.parse("ham:sip:news@example.com"));
        assertEquals(java.util.Set.of(HamUri.parse("ham:sip:news@example.com")), s.joinedGroups());
        s.send(HamUri.parse("ham:sip:news@EXAMPLE.com"), new byte[] {7});
        Message m = s.receive(WAIT).orElseThrow();
        assertEquals(HamUri.parse("ham:sip:news@example.com"), m.groupName());
        assertEquals(2, handler.calls.get(), "each spelling is canonicalized once; the canonical form is known by then");

        mw.removeNamespaceHandler(handler);
        assertThrows(NamespaceUnavailableException.class, () -> s.join(HamUri.parse("ham:sip:other@example.com")));
        // Names of other namespaces never depended on it.
        s.join(HamUri.parse("ham:opaque:other"));
    }

    @Test
    void invalidNamesGetThePluginsPreciseError() {
        MulticastSocket s = socketOnFake();
        mw.addNamespaceHandler(new DomainLowerCase(), Map.of(NamespaceHandler.NAMESPACE, "sip"));
        HamUriSyntaxException e = assertThrows(HamUriSyntaxException.class, () -> s.join(HamUri.parse("ham:sip:news")));
        assertEquals("no domain", e.getReason());
    }

    @Test
    void aHangingPluginFailsItsCallsAndNothingElse() throws Exception {
        MulticastSocket s = socketOnFake();
        CountDownLatch release = new CountDownLatch(1);
        NamespaceHandler hanging = name -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return name;
        };
        mw.addNamespaceHandler(hanging, Map.of(NamespaceHandler.NAMESPACE, "sip"));
        MulticastException e = assertThrows(MulticastException.class, () -> s.join(HamUri.parse("ham:sip:a@b")));
        assertTrue(e.getMessage().contains("did not return within 300 ms"), e.getMessage());
        s.join(HamUri.parse("ham:opaque:unaffected"));
        s.send(HamUri.parse("ham:opaque:unaffected"), new byte[] {1});
        assertTrue(s.receive(WAIT).isPresent());
        release.countDown();
    }

    @Test
    void aSecondPluginForTheSameNamespaceIsIgnored() {
        MulticastSocket s = socketOnFake();
        DomainLowerCase first = new DomainLowerCase();
        mw.addNamespaceHandler(first, Map.of(NamespaceHandler.NAMESPACE, "sip"));
        mw.addNamespaceHandler(name -> {
            throw new IllegalStateException("must not be called");
        }, Map.of(NamespaceHandler.NAMESPACE, "SIP"));
        s.join(HamUri.parse("ham:sip:a@B"));
        assertEquals(1, first.calls.get());
    }

    @Test
    void eventsForAddressesNobodyHereListensToAreNamedByAMappingService() throws Exception {
        FakeTechnology t = new FakeTechnology("fake", "f0", bus);
        mw.addInterface(t, t.properties(), "test");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (t.context == null && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        HamUri address = HamUri.parse("ham:reload:00112233445566778899aabbccddeeff");
        HamUri name = HamUri.parse("ham:opaque:named-by-the-mapper");
        mw.addMapper(new org.polycast.api.spi.NameMapper() {
            @Override
            public java.util.Optional<HamUri> map(HamUri groupName, org.polycast.api.InterfaceProperties iface) {
                return java.util.Optional.empty();
            }

            @Override
            public java.util.Optional<HamUri> unmap(HamUri a, org.polycast.api.InterfaceProperties iface) {
                return a.equals(address) ? java.util.Optional.of(name) : java.util.Optional.empty();
            }
        }, Map.of(org.polycast.api.spi.NameMapper.MAPPER_NAME, "test"));
        java.util.concurrent.LinkedBlockingQueue<org.polycast.api.MembershipEvent> events = new java.util.concurrent.LinkedBlockingQueue<>();
        try (var reg = mw.enableEvents(events::add)) {
            t.context.membershipEvent(org.polycast.api.MembershipEventType.JOIN, address, "a child");
            t.context.membershipEvent(org.polycast.api.MembershipEventType.JOIN, HamUri.parse("ham:reload:ff"), "another");
            assertEquals(name, events.poll(5, java.util.concurrent.TimeUnit.SECONDS).groupName(), "named by the inverse mapping");
            assertEquals(HamUri.parse("ham:reload:ff"), events.poll(5, java.util.concurrent.TimeUnit.SECONDS).groupName(), "unknown: the address");
        }
    }
}
