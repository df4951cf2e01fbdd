package org.polycast.itest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.polycast.api.EventRegistration;
import org.polycast.api.HamUri;
import org.polycast.api.MembershipEvent;
import org.polycast.api.MembershipEventType;
import org.polycast.api.Message;
import org.polycast.api.MulticastSocket;

/** Technologies come and go while sockets are open. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class HotPlugIT extends PolycastTestSupport {
    private static final String LOOPBACK = "polycast.loopback";

    @Test
    public void socketGainsANewTechnologyAndSurvivesLosingOne() throws Exception {
        int lo = awaitInterface("loopback");
        HamUri group = HamUri.parse("ham:opaque:hotplug");
        BlockingQueue<MembershipEvent> events = new LinkedBlockingQueue<>();
        try (EventRegistration reg = service.enableEvents(events::add); MulticastSocket rx = service.createSocket();
                MulticastSocket tx = service.createSocket()) {
            rx.join(group);
            assertEquals(List.of(lo), rx.getInterfaces());

            // A second technology appears: the open socket gains it and its join is replayed there.
            Bundle echo = installAndStart(ECHO);
            int echoIndex = awaitInterface("echo");
            waitFor(() -> rx.getInterfaces().contains(echoIndex), "the socket to gain the echo interface");
            waitFor(() -> events.stream().anyMatch(e -> e.type() == MembershipEventType.JOIN && e.interfaceIndex() == echoIndex),
                    "a join event on the echo interface");

            // Without loopback, the socket receives over echo alone, large messages in fragments.
            installed(LOOPBACK).stop();
            waitFor(() -> rx.getInterfaces().equals(List.of(echoIndex)), "the socket to drop loopback");
            tx.send(group, "over echo".getBytes());
            Message m = receive(rx);
            assertEquals("over echo", m.payloadAsText());
            assertEquals(echoIndex, m.interfaceIndex());
            byte[] big = new byte[20_000];
            new Random(5).nextBytes(big);
            tx.send(group, big);
            assertArrayEquals(big, receive(rx).payload());

            // Loopback returns with the same index; then echo leaves: a leave event, and the socket goes on.
            installed(LOOPBACK).start();
            waitFor(() -> rx.getInterfaces().equals(List.of(lo, echoIndex)), "loopback to come back with index " + lo);
            events.clear();
            echo.stop();
            waitFor(() -> events.stream().anyMatch(e -> e.equals(new MembershipEvent(MembershipEventType.LEAVE, group, echoIndex, null))),
                    "a leave event for the echo interface");
            waitFor(() -> rx.getInterfaces().equals(List.of(lo)), "the socket to drop echo");
            tx.send(group, "back on loopback".getBytes());
            assertEquals("back on loopback", receive(rx).payloadAsText());
            echo.uninstall();
        }
    }

    @Test
    public void reinstallingLoopbackTwentyTimesWhileMessagesFlowLosesNothingAndLeaksNoThreads() throws Exception {
        awaitInterface("loopback");
        Bundle echo = installAndStart(ECHO);
        awaitInterface("echo");
        long baselineInterfaceThreads = countThreads("polycast-if");
        long baselineEchoThreads = countThreads("echo-io");
        HamUri group = HamUri.parse("ham:opaque:churn");
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        ConcurrentHashMap<Integer, Boolean> received = new ConcurrentHashMap<>();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        try (MulticastSocket rx = service.createSocket(); MulticastSocket tx = service.createSocket()) {
            rx.join(group);
            rx.setMessageListener(m -> {
                if (received.put(Integer.parseInt(m.payloadAsText()), Boolean.TRUE) != null) {
                    duplicates.incrementAndGet();
                }
            });
            Thread sender = new Thread(() -> {
                try {
                    while (running.get() && sent.get() < 1_000_000) {
                        tx.send(group, Integer.toString(sent.get()).getBytes());
                        sent.incrementAndGet();
                        Thread.sleep(1);
                    }
                } catch (Throwable t) {
                    errors.add(t);
                }
            }, "itest-sender");
            sender.start();
            for (int cycle = 0; cycle < 20; cycle++) {
                Bundle lo = installed(LOOPBACK);
                lo.uninstall();
                waitFor(() -> interfaceIndex("loopback").isEmpty(), "loopback to go away (cycle " + cycle + ")");
                installAndStart(LOOPBACK);
                waitFor(() -> interfaceIndex("loopback").isPresent() && rx.getInterfaces().size() == 2,
                        "loopback to come back to the socket (cycle " + cycle + ")");
            }
            running.set(false);
            sender.join(10_000);
            assertTrue("no exception reaches the application: " + errors, errors.isEmpty());
            int total = sent.get();
            assertTrue("messages flowed during the cycles: " + total, total > 20);
            waitFor(() -> received.size() == total, "all " + total + " messages to arrive (got " + received.size() + ")");
            assertEquals("each message is delivered once", 0, duplicates.get());
            BitSet seen = new BitSet();
            received.keySet().forEach(seen::set);
            assertEquals(total, seen.nextClearBit(0));
        }
        waitFor(() -> countThreads("polycast-if") == baselineInterfaceThreads,
                "interface threads back to " + baselineInterfaceThreads + " (now " + countThreads("polycast-if") + ")");
        waitFor(() -> countThreads("polycast-socket") == 0, "socket listener threads to end");
        echo.uninstall();
        waitFor(() -> countThreads("echo-io") == baselineEchoThreads - 1 || countThreads("echo-io") == 0, "the echo I/O thread to end");
        waitFor(() -> countThreads("polycast-if") == baselineInterfaceThreads - 2, "echo's interface threads to end");
    }
}
