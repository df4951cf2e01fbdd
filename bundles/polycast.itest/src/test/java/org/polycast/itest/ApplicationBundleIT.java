package org.polycast.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.polycast.api.GroupSetEntry;
import org.polycast.api.HamUri;
import org.polycast.api.MulticastService;
import org.polycast.api.MulticastSocket;
import org.polycast.api.SocketClosedException;
import org.polycast.api.runtime.PolycastRuntime;
import org.polycast.api.runtime.dto.SocketDTO;

/**
 * An application bundle's life: the example ticker talks over the runtime, and when it stops, everything it opened
 * through its own (bundle-scoped) service object is closed by the core, including what it never closed itself.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class ApplicationBundleIT extends PolycastTestSupport {
    private static final HamUri TICKS = HamUri.parse("ham:opaque:polycast-ticker");
    private static final HamUri FORGOTTEN = HamUri.parse("ham:opaque:forgotten");

    private List<SocketDTO> socketsOf(String owner) {
        ServiceReference<PolycastRuntime> ref = context.getServiceReference(PolycastRuntime.class);
        PolycastRuntime runtime = context.getService(ref);
        try {
            return Arrays.stream(runtime.getRuntimeDTO().sockets).filter(s -> owner.equals(s.owner)).toList();
        } finally {
            context.ungetService(ref);
        }
    }

    private List<HamUri> groupsOn(int ifIndex) {
        return service.groupSet(ifIndex).stream().map(GroupSetEntry::groupName).toList();
    }

    @Test
    public void whatAnApplicationBundleOpenedIsClosedWhenItStopsEvenWhatItForgot() throws Exception {
        int lo = awaitInterface("loopback");
        Bundle ticker = installAndStart(TICKER);
        waitFor(() -> socketsOf(TICKER).stream().anyMatch(s -> s.counters.messagesReceived >= 2),
                () -> "the ticker to hear its own ticks; its sockets: " + socketsOf(TICKER) + ", bundle state " + ticker.getState());

        // A careless client inside the same bundle: a socket with a join and a listener, and an event listener,
        // opened through the bundle's own service object and never closed.
        BundleContext theirContext = ticker.getBundleContext();
        ServiceReference<MulticastService> ref = theirContext.getServiceReference(MulticastService.class);
        MulticastService theirs = theirContext.getService(ref);
        AtomicInteger heardByForgotten = new AtomicInteger();
        AtomicInteger eventsToForgotten = new AtomicInteger();
        MulticastSocket forgotten = theirs.createSocket();
        forgotten.join(FORGOTTEN);
        forgotten.setMessageListener(m -> heardByForgotten.incrementAndGet());
        theirs.enableEvents(e -> eventsToForgotten.incrementAndGet());
        try (MulticastSocket tx = service.createSocket(); MulticastSocket witness = service.createSocket()) {
            witness.join(FORGOTTEN);
            tx.send(FORGOTTEN, "under traffic".getBytes());
            receive(witness);
            waitFor(() -> heardByForgotten.get() == 1, "the forgotten socket to hear the message");
            assertEquals("the ticker's socket and the forgotten one", 2, socketsOf(TICKER).size());
            assertTrue(groupsOn(lo).containsAll(List.of(TICKS, FORGOTTEN)));
            assertEquals(1, countThreads("polycast-example-ticker"));

            ticker.stop();

            assertEquals("no socket of the bundle is left", List.of(), socketsOf(TICKER));
            assertEquals("its groups are left (the witness keeps FORGOTTEN)", List.of(FORGOTTEN), groupsOn(lo).stream()
                    .filter(g -> g.equals(TICKS) || g.equals(FORGOTTEN)).toList());
            try {
                forgotten.join(TICKS);
                fail("the forgotten socket is closed");
            } catch (SocketClosedException expected) {
                // the precise exception, naming the socket
            }
            int events = eventsToForgotten.get();
            AtomicInteger eventsToTest = new AtomicInteger();
            try (var ours = service.enableEvents(e -> eventsToTest.incrementAndGet())) {
                witness.leave(FORGOTTEN); // LEAVE then JOIN events on the loopback Interface, to registered listeners
                witness.join(FORGOTTEN);
                waitFor(() -> eventsToTest.get() >= 2, "our listener to get the LEAVE and JOIN events");
            }
            tx.send(FORGOTTEN, "after the stop".getBytes());
            receive(witness);
            assertEquals("the forgotten listener heard nothing more", 1, heardByForgotten.get());
            assertEquals("the forgotten event listener got nothing more", events, eventsToForgotten.get());
            waitFor(() -> countThreads("polycast-example-ticker") == 0, "the ticker's own thread to end");
        }
        ticker.uninstall();
    }
}
