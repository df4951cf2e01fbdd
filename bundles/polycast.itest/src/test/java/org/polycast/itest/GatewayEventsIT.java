package org.polycast.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.polycast.api.HamUri;
import org.polycast.api.MulticastSocket;
import org.polycast.api.runtime.PolycastRuntime;

/**
 * An event-driven gateway route on Felix between two technologies of one runtime (loopback and the
 * test technology echo): a member joining on one side brings the group in, data from the other side
 * reaches it once, and the group is left again when no data crossed it for the idle time.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class GatewayEventsIT extends PolycastTestSupport {
    private static final HamUri GROUP = HamUri.parse("ham:opaque:event-driven");

    @Inject
    private ConfigurationAdmin configurations;

    @Inject
    private PolycastRuntime runtime;

    /** Sockets other than {@code except} that joined the group, by the runtime's introspection. */
    private long gatewayMemberships(MulticastSocket except) {
        return Arrays.stream(runtime.getRuntimeDTO().sockets).filter(s -> s.id != except.id())
                .filter(s -> Arrays.asList(s.joined).contains(GROUP.toString())).count();
    }

    @Test
    public void aMemberJoiningOnOneSideBringsTheGroupAcrossUntilItGoesIdle() throws Exception {
        installAndStart(ECHO);
        int lo = awaitInterface("loopback");
        int echo = awaitInterface("echo");
        MulticastSocket member = service.createSocket(List.of(lo));
        MulticastSocket source = service.createSocket(List.of(echo));
        Configuration route = configurations.createFactoryConfiguration("org.polycast.gateway", "?");
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("name", "events");
        p.put("sideA", "loopback");
        p.put("sideB", "echo");
        p.put("mode", "events");
        p.put("election", "off");
        p.put("eventGroupIdleSeconds", 2L);
        p.put("electionIntervalMillis", 200L);
        route.update(p);
        try {
            waitFor(() -> runtime.getRuntimeDTO().sockets.length >= 4, "the gateway's two sockets");
            assertEquals("nothing bridged before a member appears", 0, gatewayMemberships(member));

            member.join(GROUP); // the first listener on loopback: a join event there
            waitFor(() -> gatewayMemberships(member) == 2, "the gateway joining the group on both sides");
            source.send(GROUP, "across".getBytes(StandardCharsets.UTF_8));
            assertEquals("across", receive(member).payloadAsText());
            assertFalse("exactly once", member.receive(Duration.ofMillis(1000)).isPresent());

            // No data for two seconds: the gateway leaves the group on both sides (soft state).
            waitFor(() -> gatewayMemberships(member) == 0, "the idle group left");
            source.send(GROUP, "after".getBytes(StandardCharsets.UTF_8));
            assertFalse("not bridged any more", member.receive(Duration.ofMillis(1000)).isPresent());
        } finally {
            route.delete();
            member.close();
            source.close();
        }
    }
}
