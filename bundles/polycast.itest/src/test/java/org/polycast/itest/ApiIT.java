package org.polycast.itest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.polycast.api.EventRegistration;
import org.polycast.api.GroupRole;
import org.polycast.api.GroupSetEntry;
import org.polycast.api.HamUri;
import org.polycast.api.HamUriSyntaxException;
import org.polycast.api.MembershipEvent;
import org.polycast.api.MembershipEventType;
import org.polycast.api.Message;
import org.polycast.api.MessageTooLargeException;
import org.polycast.api.MulticastSocket;
import org.polycast.api.runtime.PolycastRuntime;
import org.polycast.api.runtime.dto.RuntimeDTO;

/** The RFC 7046 API end to end on Felix, with the loopback technology. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ApiIT extends PolycastTestSupport {

    @Inject
    PolycastRuntime runtime;

    @Inject
    ConfigurationAdmin configAdmin;

    @Test
    public void joinSendReceiveWithTheGroupName() throws Exception {
        int lo = awaitInterface("loopback");
        HamUri group = HamUri.parse("ham:opaque:itest-news@example.org:7000");
        BlockingQueue<MembershipEvent> events = new LinkedBlockingQueue<>();
        try (EventRegistration reg = service.enableEvents(events::add); MulticastSocket rx = service.createSocket();
                MulticastSocket tx = service.createSocket()) {
            rx.join(group);
            MembershipEvent join = events.poll(10, TimeUnit.SECONDS);
            assertEquals(new MembershipEvent(MembershipEventType.JOIN, group, lo, null), join);
            tx.srcRegister(group);
            tx.send(group, "first".getBytes());
            Message m = receive(rx);
            assertEquals(group, m.groupName());
            assertEquals("first", m.payloadAsText());
            assertEquals(lo, m.interfaceIndex());
            assertEquals(List.of(new GroupSetEntry(group, GroupRole.LISTENER_AND_SENDER)), service.groupSet(lo));

            byte[] big = new byte[service.getMaxMsgSize()];
            new Random(7).nextBytes(big);
            tx.send(group, big);
            assertArrayEquals(big, receive(rx).payload());
        }
    }

    @Test
    public void invalidInputGetsPreciseErrors() {
        try (MulticastSocket s = service.createSocket()) {
            try {
                s.join(HamUri.parse("ham:ip:[ff3e::1:5000"));
                fail("an unclosed bracket must be rejected");
            } catch (HamUriSyntaxException e) {
                assertTrue(e.getMessage(), e.getReason().contains("without matching ']'"));
            }
            try {
                s.send(HamUri.parse("ham:opaque:x"), new byte[service.getMaxMsgSize() + 1]);
                fail("an oversize message must be rejected");
            } catch (MessageTooLargeException e) {
                assertEquals(service.getMaxMsgSize(), e.maxSize());
            }
        }
    }

    @Test
    public void configurationChangeTakesEffectWithoutRestart() throws Exception {
        awaitInterface("loopback");
        Configuration c = configAdmin.getConfiguration("org.polycast.loopback", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("atomicMessageSize", 1200);
        c.update(props);
        try (MulticastSocket rx = service.createSocket(); MulticastSocket tx = service.createSocket()) {
            waitFor(() -> tx.getAtomicMsgSize() == 1200, "the loopback atomic size to follow its configuration");
            HamUri group = HamUri.parse("ham:opaque:itest-fragments");
            rx.join(group);
            byte[] payload = new byte[10_000];
            new Random(3).nextBytes(payload);
            tx.send(group, payload);
            assertArrayEquals(payload, receive(rx).payload());
            waitFor(() -> runtime.getRuntimeDTO().counters.fragmentsSent >= 9, "the fragments to be counted");
        } finally {
            c.delete();
        }
        try (MulticastSocket s = service.createSocket()) {
            waitFor(() -> s.getAtomicMsgSize() == 65507, "the default atomic size after the configuration is deleted");
        }
    }

    @Test
    public void runtimeDtoDescribesInterfacesAndSockets() throws Exception {
        awaitInterface("loopback");
        try (MulticastSocket s = service.createSocket()) {
            s.join(HamUri.parse("ham:reload:itest"));
            RuntimeDTO dto = runtime.getRuntimeDTO();
            assertEquals("loopback", dto.interfaces[0].technology);
            assertEquals("UP", dto.interfaces[0].state);
            assertEquals("polycast.loopback", dto.interfaces[0].bundle);
            assertTrue(java.util.Arrays.stream(dto.sockets).anyMatch(x -> x.id == s.id() && x.joined[0].equals("ham:reload:itest")));
            assertFalse(runtime.map(HamUri.parse("ham:reload:itest")).isEmpty());
        }
    }
}
