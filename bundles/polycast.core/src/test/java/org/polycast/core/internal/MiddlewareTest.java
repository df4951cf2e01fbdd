package org.polycast.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.polycast.api.GroupRole;
import org.polycast.api.GroupSetEntry;
import org.polycast.api.HamUri;
import org.polycast.api.MembershipEvent;
import org.polycast.api.MembershipEventType;
import org.polycast.api.Message;
import org.polycast.api.MessageTooLargeException;
import org.polycast.api.MulticastException;
import org.polycast.api.MulticastSocket;
import org.polycast.api.NoSuchInterfaceException;
import org.polycast.api.SendTimeoutException;
import org.polycast.api.SocketClosedException;
import org.polycast.api.runtime.dto.InterfaceDTO;
import org.polycast.api.runtime.dto.MappingDTO;
import org.polycast.api.spi.NameMapper;

class MiddlewareTest {
    private static final HamUri DEMO = HamUri.parse("ham:opaque:demo");
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final FakeTechnology.Bus bus = new FakeTechnology.Bus();
    private Middleware mw = new Middleware(Settings.defaults().withCallTimeout(300), CoreLog.SILENT);

    @AfterEach
    void close() {
        mw.close();
    }

    private FakeTechnology add(String technology, String name) {
        FakeTechnology t = new FakeTechnology(technology, name, bus);
        mw.addInterface(t, t.properties(), "test");
        waitFor(() -> mw.interfaces().stream().anyMatch(p -> p.name().equals(name)), "interface " + name + " up");
        return t;
    }

    private static void waitFor(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static Message receive(MulticastSocket s) throws InterruptedException {
        return s.receive(WAIT).orElseThrow(() -> new AssertionError("nothing received"));
    }

    private int indexOf(String name) {
        return mw.interfaces().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow().index();
    }

    @Test
    void aFloodOfLargeMessagesToThreeUnreadSocketsHoldsNoMoreThanTheirByteBounds() throws Exception {
        long bound = 4L << 20;
        mw.updateSettings(Settings.defaults().withCallTimeout(300).withByteBounds(bound, bound));
        FakeTechnology t = add("fake", "flood");
        t.atomicSize = 70_000; // one datagram per message, as a 64 KiB UDP flood arrives
        java.lang.management.MemoryMXBean memory = java.lang.management.ManagementFactory.getMemoryMXBean();
        HamUri[] groups = {HamUri.parse("ham:opaque:flood1"), HamUri.parse("ham:opaque:flood2"), HamUri.parse("ham:opaque:flood3")};
        List<MulticastSocket> unread = new ArrayList<>();
        try (MulticastSocket tx = mw.createSocket()) {
            for (HamUri g : groups) {
                MulticastSocket rx = mw.createSocket();
                unread.add(rx);
                rx.join(g);
            }
            System.gc();
            long heapBefore = memory.getHeapMemoryUsage().getUsed();
            byte[] datagram = new byte[65_507];
            int perGroup = 1_000; // 65.5 MB a group: 196 MB in all were it kept
            for (int i = 0; i < perGroup; i++) {
                for (HamUri g : groups) {
                    tx.send(g, datagram);
                }
            }
            waitFor(() -> Arrays.stream(mw.getRuntimeDTO().sockets).mapToLong(d -> d.counters.messagesReceived + d.counters.dropped).sum() == 3L * perGroup,
                    "every message queued or counted as dropped");
            System.gc();
            long held = memory.getHeapMemoryUsage().getUsed() - heapBefore;
            for (org.polycast.api.runtime.dto.SocketDTO d : mw.getRuntimeDTO().sockets) {
                if (d.joined.length == 0) {
                    continue; // the sender
                }
                assertTrue(d.queuedBytes <= bound, "socket " + d.id + " holds " + d.queuedBytes + " bytes, bound " + bound);
                assertEquals(bound / 65_507, d.queued, "as many 64 KiB messages as fit in the bound");
                assertEquals(perGroup - d.queued, d.counters.dropped, "every other message counted as dropped");
            }
            assertTrue(held < 3 * bound + (24L << 20), "heap grew by " + held / 1024 / 1024 + " MiB for three bounds of " + bound / 1024 / 1024 + " MiB");
        } finally {
            for (MulticastSocket rx : unread) {
                rx.close();
            }
        }
    }

    @Test
    void aTechnologysFlowControlHoldsTheSenderBackUntilItHasRoomAndThenTimesOutWithAClearException() throws Exception {
        mw.updateSettings(Settings.defaults().withCallTimeout(300).withSendBlock(400));
        FakeTechnology t = new FakeTechnology("fake", "fc", bus);
        t.concurrentSend = true;
        mw.addInterface(t, t.properties(), "test");
        waitFor(() -> mw.interfaces().stream().anyMatch(p -> p.name().equals("fc")), "interface up");
        try (MulticastSocket rx = mw.createSocket(); MulticastSocket tx = mw.createSocket()) {
            rx.join(DEMO);
            t.credits.set(0);
            // Held back: the send returns only once the technology has room.
            CompletableFuture<Void> held = CompletableFuture.runAsync(() -> tx.send(DEMO, "held".getBytes()));
            Thread.sleep(100);
            assertFalse(held.isDone(), "the send waits while the technology has no room");
            t.grant(1);
            held.get(2, TimeUnit.SECONDS);
            assertEquals("held", receive(rx).payloadAsText());
            // No room for longer than sendBlockMillis: a SendTimeoutException, nothing sent, counted.
            long before = System.nanoTime();
            SendTimeoutException e = assertThrows(SendTimeoutException.class, () -> tx.send(DEMO, "lost".getBytes()));
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before) >= 380, "waited sendBlockMillis");
            assertTrue(e.getMessage().contains("held the message back") && e.getMessage().contains("nothing was sent"), e.getMessage());
            assertTrue(rx.receive(Duration.ofMillis(100)).isEmpty(), "nothing of it was sent");
            var counters = mw.getRuntimeDTO().interfaces[0].counters;
            assertEquals(1, counters.sendTimeouts);
            assertEquals(2, counters.sendsHeldBack);
            assertEquals(org.polycast.api.runtime.dto.InterfaceDTO.STATE_UP, mw.getRuntimeDTO().interfaces[0].state, "flow control does not mark the Interface failed");
        }
    }

    @Test
    void aMessageThatFlowControlHoldsBackGoesOutOnNoOtherInterfaceEither() throws Exception {
        mw.updateSettings(Settings.defaults().withCallTimeout(300).withSendBlock(200));
        FakeTechnology slow = new FakeTechnology("fake", "slow", bus);
        slow.concurrentSend = true;
        mw.addInterface(slow, slow.properties(), "test");
        FakeTechnology plain = add("other", "plain");
        waitFor(() -> mw.interfaces().size() == 2, "both interfaces up");
        try (MulticastSocket rx = mw.createSocket(); MulticastSocket tx = mw.createSocket()) {
            rx.join(DEMO);
            slow.credits.set(1);
            tx.send(DEMO, "first".getBytes()); // both take it (the copies are one message); the slow one has no credit left now
            assertEquals("first", receive(rx).payloadAsText());
            waitFor(() -> plain.sends.get() == 1, "the plain interface sent the first message (from its send queue)");
            int plainBefore = plain.sends.get();
            assertThrows(SendTimeoutException.class, () -> tx.send(DEMO, "held".getBytes()));
            assertEquals(plainBefore, plain.sends.get(), "the other interface was not given the message the slow one held back");
            assertTrue(rx.receive(Duration.ofMillis(100)).isEmpty(), "so the sender can send it again without a duplicate");
        }
    }

    @Test
    void sendAndReceiveTagsTheGroupName() throws Exception {
        add("fake", "a");
        try (MulticastSocket rx = mw.createSocket(); MulticastSocket tx = mw.createSocket()) {
            rx.join(DEMO.withPort(1000));
            tx.send(HamUri.parse("ham:opaque:demo:1000/alg;secret"), "hello".getBytes());
            Message m = receive(rx);
            assertEquals(HamUri.parse("ham:opaque:demo:1000"), m.groupName());
            assertEquals("hello", m.payloadAsText());
            assertEquals(indexOf("a"), m.interfaceIndex());
        }
    }

    @Test
    void inverseMappingReturnsTheNameTheReceiverJoined() throws Exception {
        FakeTechnology t = add("fake", "a");
        HamUri address = HamUri.parse("ham:ip:239.192.0.1:5000");
        t.derived.put(DEMO, address);
        try (MulticastSocket rx = mw.createSocket(); MulticastSocket tx = mw.createSocket()) {
            rx.join(DEMO);
            assertTrue(t.joined.contains(address), "the technology joined the mapped address");
            tx.send(DEMO, "x".getBytes());
            assertEquals(DEMO, receive(rx).groupName());
        }
    }

    @Test
    void largeMessagesAreFragmentedAndReassembled() throws Exception {
        FakeTechnology t = add("fake", "a");
        t.atomicSize = 600;
        mw.interfaces(); // sizes are read at open
        t.context.atomicMessageSizeChanged();
        waitFor(() -> mw.getRuntimeDTO().interfaces[0].atomicMessageSize == 600, "atomic size refresh");
        byte[] big = new byte[mw.getMaxMsgSize()];
        new Random(1).nextBytes(big);
        try (MulticastSocket rx = mw.createSocket(); MulticastSocket tx = mw.createSocket()) {
            rx.join(DEMO);
            assertEquals(600, tx.getAtomicMsgSize());
            tx.send(DEMO, big);
            assertArrayEquals(big, receive(rx).payload());
            waitFor(() -> mw.getRuntimeDTO().interfaces[0].counters.fragmentsSent == (65536 + 567) / 568, "fragments counted");
        }
    }

    @Test
    void oversizeMessageAndEmptySocketGivePreciseErrors() {
        try (MulticastSocket s = mw.createSocket()) {
            MessageTooLargeException e = assertThrows(MessageTooLargeException.class, () -> s.send(DEMO, new byte[65537]));
            assertEquals(65536, e.maxSize());
            assertTrue(assertThrows(MulticastException.class, () -> s.send(DEMO, new byte[1])).getMessage().contains("no interfaces"));
            assertThrows(IndexOutOfBoundsException.class, () -> s.send(DEMO, new byte[4], 2, 5));
        }
        assertThrows(NoSuchInterfaceException.class, () -> mw.createSocket(List.of(99)));
        assertTrue(mw.getMaxMsgSize() >= 65536);
    }

    @Test
    void receiveOnlyInterfaceJoinsButIsNeverSentThrough() throws Exception {
        FakeTechnology rx = new FakeTechnology("amt", "amt0", bus);
        Map<String, Object> props = rx.properties();
        props.put(org.polycast.api.spi.TechnologyInterface.RECEIVE_ONLY, Boolean.TRUE);
        mw.addInterface(rx, props, "test");
        waitFor(() -> mw.interfaces().stream().anyMatch(p -> p.name().equals("amt0")), "interface amt0 up");
        try (MulticastSocket s = mw.createSocket()) {
            s.join(DEMO);
            assertFalse(rx.joined.isEmpty(), "joins go through a receive-only interface");
            MulticastException e = assertThrows(MulticastException.class, () -> s.send(DEMO, new byte[1]));
            assertTrue(e.getMessage().contains("interface " + indexOf("amt0") + " (amt) only receives"), e.getMessage());
            FakeTechnology a = add("fake", "a");
            // The socket gains the new interface asynchronously (as a technology that appears while sockets are open),
            // and its join is replayed there after that: wait for both before sending.
            waitFor(() -> s.getInterfaces().contains(indexOf("a")), "the socket gaining interface a");
            waitFor(() -> a.joined.contains(DEMO), "the join replayed on interface a");
            s.send(DEMO, "x".getBytes());
            assertEquals("x", receive(s).payloadAsText());
            assertEquals(0, rx.sends.get(), "never sent through");
        }
    }

    @Test
    void socketGainsATechnologyThatAppearsAndReplaysItsJoins() throws Exception {
        try (MulticastSocket rx = mw.createSocket(); MulticastSocket tx = mw.createSocket()) {
            rx.join(DEMO);
            assertEquals(List.of(), rx.getInterfaces());
            FakeTechnology t = add("fake", "late");
            waitFor(() -> t.joined.contains(DEMO), "join replayed on the new interface");
            assertEquals(List.of(indexOf("late")), rx.getInterfaces());
            tx.send(DEMO, "after".getBytes());
            assertEquals("after", receive(rx).payloadAsText());
        }
    }

    @Test
    void removedTechnologyIsDroppedWithLeaveEventAndTheRestKeepsWorking() throws Exception {
        FakeTechnology a = add("fake", "a");
        FakeTechnology b = add("other", "b");
        BlockingQueue<MembershipEvent> events = new LinkedBlockingQueue<>();
        try (var reg = mw.enableEvents(events::add); MulticastSocket rx = mw.createSocket(); MulticastSocket tx = mw.createSocket()) {
            rx.join(DEMO);
            mw.removeInterface(b);
            MembershipEvent leave = null;
            for (MembershipEvent e; (e = events.poll(5, java.util.concurrent.TimeUnit.SECONDS)) != null; ) {
                if (e.type() == MembershipEventType.LEAVE) {
                    leave = e;
                    break;
                }
            }
            assertTrue(leave != null && leave.groupName().equals(DEMO), "leave event for the departed interface");
            assertEquals(List.of(indexOf("a")), rx.getInterfaces());
            tx.send(DEMO, "still".getBytes());
            assertEquals("still", receive(rx).payloadAsText());
            waitFor(() -> b.calls.contains("close"), "the departed technology is closed");
        }
        assertTrue(a.calls.contains("open"));
    }

    @Test
    void indexIsStableWhenTheSameInterfaceReturns() {
        FakeTechnology a = add("fake", "a");
        int index = indexOf("a");
        mw.removeInterface(a);
        add("fake", "a");
        assertEquals(index, indexOf("a"));
    }

    @Test
    void explicitSocketGetsItsInterfaceBackAfterHotPlug() throws Exception {
        FakeTechnology a = add("fake", "a");
        add("fake", "b");
        int ia = indexOf("a");
        try (MulticastSocket rx = mw.createSocket(List.of(ia))) {
            rx.join(DEMO);
            mw.removeInterface(a);
            assertEquals(List.of(), rx.getInterfaces());
            FakeTechnology again = add("fake", "a");
            waitFor(() -> again.joined.contains(DEMO), "join replayed");
            assertEquals(List.of(ia), rx.getInterfaces());
        }
    }

    @Test
    void copiesOverTwoInterfacesAreDeliveredOnce() throws Exception {
        add("fake", "a");
        add("fake", "b");
        try (MulticastSocket rx = mw.createSocket(); MulticastSocket tx = mw.createSocket()) {
            rx.join(DEMO);
            tx.send(DEMO, "once".getBytes());
            tx.send(DEMO, "once".getBytes());
            assertEquals("once", receive(rx).payloadAsText());
            assertEquals("once", receive(rx).payloadAsText(), "the second send is a second message");
            assertEquals(Optional.empty(), rx.receive(Duration.ofMillis(200)));
            waitFor(() -> mw.getRuntimeDTO().sockets[0].counters.duplicates == 2, "two duplicates counted");
        }
    }

    @Test
    void hangingTechnologyDoesNotBlockOthers() {
        FakeTechnology good = add("fake", "good");
        FakeTechnology bad = add("fake", "bad");
        CountDownLatch release = new CountDownLatch(1);
        bad.hang = release;
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                try (MulticastSocket both = mw.createSocket(); MulticastSocket onlyGood = mw.createSocket(List.of(indexOf("good")))) {
                    both.join(DEMO); // the bad interface times out; the join still stands on the good one
                    assertTrue(good.joined.contains(DEMO));
                    waitFor(() -> mw.getRuntimeDTO().interfaces[1].state.equals(InterfaceDTO.STATE_FAILED), "bad marked failed");
                    for (int i = 0; i < 100; i++) {
                        both.send(DEMO, ("m" + i).getBytes());
                    }
                    for (int i = 0; i < 100; i++) {
                        assertEquals("m" + i, receive(both).payloadAsText());
                    }
                    onlyGood.join(HamUri.parse("ham:opaque:other"));
                    onlyGood.send(HamUri.parse("ham:opaque:other"), "fine".getBytes());
                    assertEquals("fine", receive(onlyGood).payloadAsText());
                    assertTrue(mw.getRuntimeDTO().failures.length > 0);
                }
            });
        } finally {
            release.countDown();
        }
        waitFor(() -> mw.getRuntimeDTO().interfaces[1].state.equals(InterfaceDTO.STATE_UP), "bad recovers when its call returns");
    }

    @Test
    void throwingTechnologyIsReportedAndIsolated() throws Exception {
        FakeTechnology good = add("fake", "good");
        FakeTechnology bad = add("fake", "bad");
        bad.throwOnJoin = true;
        bad.throwOnSend = true;
        try (MulticastSocket rx = mw.createSocket(); MulticastSocket tx = mw.createSocket()) {
            rx.join(DEMO);
            Set<Integer> failed = tx.srcRegister(DEMO);
            assertEquals(Set.of(indexOf("bad")), failed);
            tx.send(DEMO, "ok".getBytes());
            assertEquals("ok", receive(rx).payloadAsText());
            InterfaceDTO badDto = mw.getRuntimeDTO().interfaces[indexOf("bad") - 1];
            assertTrue(badDto.failure != null && badDto.failure.contains("refused by test"), badDto.failure);
            waitFor(() -> mw.getRuntimeDTO().interfaces[indexOf("bad") - 1].counters.sendFailures == 1, "send failure counted");
            assertTrue(good.joined.contains(DEMO));
        }
    }

    @Test
    void membershipEventsForJoinLeaveAndNewSource() throws Exception {
        add("fake", "a");
        BlockingQueue<MembershipEvent> events = new LinkedBlockingQueue<>();
        try (var reg = mw.enableEvents(events::add); MulticastSocket rx = mw.createSocket(); MulticastSocket tx = mw.createSocket()) {
            int i = indexOf("a");
            rx.join(DEMO);
            assertEquals(new MembershipEvent(MembershipEventType.JOIN, DEMO, i, null), events.poll(5, java.util.concurrent.TimeUnit.SECONDS));
            tx.send(DEMO, "x".getBytes());
            assertEquals(new MembershipEvent(MembershipEventType.NEW_SOURCE, DEMO, i, "a"), events.poll(5, java.util.concurrent.TimeUnit.SECONDS));
            tx.send(DEMO, "y".getBytes());
            rx.leave(DEMO);
            assertEquals(new MembershipEvent(MembershipEventType.LEAVE, DEMO, i, null), events.poll(5, java.util.concurrent.TimeUnit.SECONDS));
            reg.close();
            rx.join(DEMO);
            assertEquals(null, events.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS), "no events after disableEvents");
        }
    }

    @Test
    void byteBuffersListenerExecutorsAndAsynchronousMembership() throws Exception {
        add("fake", "a");
        java.util.concurrent.ExecutorService mine = java.util.concurrent.Executors.newSingleThreadExecutor(r -> new Thread(r, "application-thread"));
        try (MulticastSocket rx = mw.createSocket(); MulticastSocket tx = mw.createSocket()) {
            List<org.polycast.api.InterfaceOutcome> joined = rx.joinAsync(DEMO).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertEquals(org.polycast.api.InterfaceOutcome.Result.DONE, joined.get(0).result());
            BlockingQueue<String> got = new LinkedBlockingQueue<>();
            rx.setMessageListener(m -> got.add(m.payloadAsText() + "@" + Thread.currentThread().getName()), mine);
            java.nio.ByteBuffer heap = java.nio.ByteBuffer.wrap("..heap slice..".getBytes());
            heap.position(2).limit(12);
            tx.send(DEMO, heap);
            assertEquals(12, heap.position(), "the buffer is consumed");
            java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(6).put("direct".getBytes());
            tx.send(DEMO, direct.flip());
            assertEquals("heap slice@application-thread", got.poll(5, TimeUnit.SECONDS));
            assertEquals("direct@application-thread", got.poll(5, TimeUnit.SECONDS), "in order, on the application's executor");
            assertThrows(IllegalArgumentException.class, () -> rx.setMessageListener((org.polycast.api.DirectMessageListener) m -> { }, mine));
            assertEquals(Set.of(), tx.srcRegisterAsync(DEMO).toCompletableFuture().get(5, TimeUnit.SECONDS));
            rx.leaveAsync(DEMO).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertEquals(Set.of(), rx.joinedGroups());
        } finally {
            mine.shutdownNow();
        }
    }

    @Test
    void joinReportingSaysWhatHappenedOnEachInterface() throws Exception {
        FakeTechnology ok = add("fake", "ok");
        FakeTechnology refusing = add("fake", "refusing");
        FakeTechnology other = add("fake", "other");
        refusing.throwOnJoin = true;
        other.refusedNamespace = "opaque";
        try (MulticastSocket s = mw.createSocket()) {
            List<org.polycast.api.InterfaceOutcome> outcomes = s.joinReporting(DEMO);
            assertEquals(List.of(org.polycast.api.InterfaceOutcome.done(indexOf("ok")),
                    new org.polycast.api.InterfaceOutcome(indexOf("refusing"), org.polycast.api.InterfaceOutcome.Result.FAILED, "join refused by test"),
                    new org.polycast.api.InterfaceOutcome(indexOf("other"), org.polycast.api.InterfaceOutcome.Result.NOT_CARRIED,
                            "interface " + indexOf("other") + " cannot carry " + DEMO)), outcomes);
            assertEquals(org.polycast.api.InterfaceOutcome.Result.DONE, s.joinReporting(DEMO).get(0).result(), "joined already: done where it is");
            assertEquals(org.polycast.api.InterfaceOutcome.Result.NOT_CARRIED, s.joinReporting(DEMO).get(2).result());
        }
    }

    @Test
    void aSlowMappingServiceDoesNotHoldTheCoreWhileAnInterfaceAttaches() throws Exception {
        mw.updateSettings(Settings.defaults().withCallTimeout(60_000));
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        NameMapper slow = (name, iface) -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.empty();
        };
        mw.addMapper(slow, Map.of(NameMapper.MAPPER_NAME, "slow"));
        try (MulticastSocket rx = mw.createSocket()) {
            rx.join(DEMO); // no Interface yet: the membership is replayed when one opens
            FakeTechnology t = new FakeTechnology("fake", "late", bus);
            mw.addInterface(t, t.properties(), "test");
            assertTrue(entered.await(5, TimeUnit.SECONDS), "the replay asks the mapper");
            // While the mapper keeps the replay waiting, the core answers everyone else.
            CompletableFuture<Integer> others = CompletableFuture.supplyAsync(() -> {
                try (MulticastSocket other = mw.createSocket()) {
                    return mw.interfaces().size() + mw.getRuntimeDTO().sockets.length;
                }
            });
            try {
                assertEquals(1 + 2, others.get(5, TimeUnit.SECONDS), "createSocket, interfaces and the runtime DTO did not wait for the mapper");
            } finally {
                release.countDown();
            }
            waitFor(() -> t.joined.size() == 1, "the replayed join, once the mapper answered");
        }
    }

    @Test
    void theTechnologysAddressIsReadOnItsControlThreadOnly() throws Exception {
        FakeTechnology t = add("fake", "addr");
        assertEquals("fake:addr", mw.interfaces().get(0).address());
        t.address = "fake:moved"; // as an AMT gateway's does when it finds its relay
        waitFor(() -> mw.interfaces().get(0).address().equals("fake:moved") && mw.getRuntimeDTO().interfaces[0].address.equals("fake:moved"),
                "the new address, within a refresh period");
        assertEquals(1, t.addressCallers.size(), "one thread: " + t.addressCallers);
        assertFalse(t.addressCallers.contains(Thread.currentThread().getName()), "never the application's thread");
    }

    @Test
    void mappingServiceComesFirstAndBestPolicyPicksOneInterface() {
        add("loopback", "lo");
        add("ip", "eth0");
        HamUri assigned = HamUri.parse("ham:ip:239.192.7.7:4000");
        NameMapper mapper = (name, iface) -> iface.technology().equals("ip") ? Optional.of(assigned) : Optional.empty();
        mw.addMapper(mapper, Map.of(NameMapper.MAPPER_NAME, "test-dht"));
        List<MappingDTO> all = mw.map(DEMO);
        MappingDTO ip = all.stream().filter(d -> d.technology.equals("ip")).findFirst().orElseThrow();
        assertEquals(assigned.toString(), ip.address);
        assertEquals(MappingDTO.SOURCE_SERVICE, ip.source);
        assertEquals("test-dht", ip.mapper);
        assertTrue(all.stream().allMatch(d -> d.selected), "'all' sends on every interface");

        mw.updateSettings(Settings.defaults().withCallTimeout(300).withSelection(SelectionPolicy.Mode.BEST));
        List<MappingDTO> best = mw.map(DEMO);
        assertEquals(1, best.stream().filter(d -> d.selected).count());
        assertEquals("loopback", best.stream().filter(d -> d.selected).findFirst().orElseThrow().technology,
                "a canonical mapping beats an assigned one");
        mw.removeMapper(mapper);
        assertEquals(MappingDTO.SOURCE_CANONICAL, mw.map(DEMO).get(1).source);
        List<MappingDTO> ipName = mw.map(HamUri.parse("ham:ip:239.1.1.1:5000"));
        assertEquals("ip", ipName.stream().filter(d -> d.selected).findFirst().orElseThrow().technology,
                "both canonical: the preferred technology wins");
    }

    @Test
    void serviceCallsAnswerFromTheTechnologyAndTheSockets() {
        add("fake", "a");
        int i = indexOf("a");
        try (MulticastSocket rx = mw.createSocket(); MulticastSocket tx = mw.createSocket()) {
            rx.join(DEMO);
            tx.send(HamUri.parse("ham:opaque:out"), new byte[1]);
            tx.send(DEMO, new byte[1]);
            assertEquals(List.of(new GroupSetEntry(DEMO, GroupRole.LISTENER_AND_SENDER), new GroupSetEntry(HamUri.parse("ham:opaque:out"), GroupRole.SENDER)),
                    mw.groupSet(i));
            assertEquals(List.of(HamUri.parse("ham:ip:198.18.0.254")), mw.neighborSet(i));
            assertEquals(List.of(), mw.childrenSet(i, DEMO));
            assertFalse(mw.designatedHost(i, DEMO));
            assertThrows(NoSuchInterfaceException.class, () -> mw.groupSet(42));
        }
    }

    @Test
    void ttlPerInterface() {
        add("fake", "a");
        add("fake", "b");
        int a = indexOf("a");
        int b = indexOf("b");
        try (MulticastSocket s = mw.createSocket()) {
            assertEquals(1, s.getTTL(a), "the technology's default");
            s.setTTL(16);
            s.setTTL(3, List.of(b));
            assertEquals(16, s.getTTL(a));
            assertEquals(3, s.getTTL(b));
            assertThrows(IllegalArgumentException.class, () -> s.setTTL(256));
            assertThrows(NoSuchInterfaceException.class, () -> s.getTTL(77));
            s.delInterface(b);
            assertEquals(List.of(a), s.getInterfaces());
            assertThrows(MulticastException.class, () -> s.getTTL(b));
            s.addInterface(b);
            assertEquals(List.of(a, b), s.getInterfaces());
        }
    }

    @Test
    void listenerReceivesAndCloseWakesReceivers() throws Exception {
        add("fake", "a");
        MulticastSocket rx = mw.createSocket();
        try (MulticastSocket tx = mw.createSocket()) {
            rx.join(DEMO);
            BlockingQueue<Message> got = new LinkedBlockingQueue<>();
            rx.setMessageListener(got::add);
            assertThrows(IllegalStateException.class, () -> rx.receive(Duration.ofMillis(1)));
            tx.send(DEMO, "async".getBytes());
            assertEquals("async", got.poll(5, java.util.concurrent.TimeUnit.SECONDS).payloadAsText());
            rx.setMessageListener(null);
            tx.send(DEMO, "after".getBytes());
            assertEquals("after", receive(rx).payloadAsText(), "without a listener, receive() gets what arrives");
            assertEquals(null, got.poll(), "and the removed listener does not");
            Thread waiter = new Thread(() -> assertThrows(SocketClosedException.class, rx::receive));
            waiter.start();
            rx.close();
            waiter.join(5000);
            assertFalse(waiter.isAlive(), "close wakes a blocked receive");
            assertThrows(SocketClosedException.class, () -> rx.join(DEMO));
        }
    }

    @Test
    void aListenerReplacedQuicklyNeverRunsAtTheSameTimeAsItsSuccessorAndOrderIsKept() throws Exception {
        add("fake", "a");
        try (MulticastSocket rx = mw.createSocket(); MulticastSocket tx = mw.createSocket()) {
            rx.join(DEMO);
            CountDownLatch inFirst = new CountDownLatch(1);
            CountDownLatch releaseFirst = new CountDownLatch(1);
            java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger overlaps = new java.util.concurrent.atomic.AtomicInteger();
            List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
            rx.setMessageListener(m -> {
                if (running.incrementAndGet() > 1) {
                    overlaps.incrementAndGet();
                }
                order.add("A:" + m.payloadAsText());
                inFirst.countDown();
                try {
                    releaseFirst.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                running.decrementAndGet();
            });
            tx.send(DEMO, "1".getBytes());
            assertTrue(inFirst.await(5, TimeUnit.SECONDS));
            rx.setMessageListener(null);
            BlockingQueue<String> second = new LinkedBlockingQueue<>();
            rx.setMessageListener(m -> {
                if (running.incrementAndGet() > 1) {
                    overlaps.incrementAndGet();
                }
                order.add("B:" + m.payloadAsText());
                second.add(m.payloadAsText());
                running.decrementAndGet();
            });
            tx.send(DEMO, "2".getBytes());
            // the bug this guards against: a second delivery thread started at once and called B while A still ran
            assertEquals(null, second.poll(500, TimeUnit.MILLISECONDS), "B waits while A still handles the message before");
            releaseFirst.countDown();
            assertEquals("2", second.poll(5, TimeUnit.SECONDS));
            assertEquals(List.of("A:1", "B:2"), order);
            assertEquals(0, overlaps.get(), "never two listener calls at once");
        }
    }

    @Test
    void directListenerRunsOnTheDeliveringThreadWithoutADeliveryThread() throws Exception {
        add("fake", "a");
        try (MulticastSocket rx = mw.createSocket(); MulticastSocket tx = mw.createSocket()) {
            rx.join(DEMO);
            tx.send(DEMO, "queued".getBytes());
            waitFor(() -> mw.getRuntimeDTO().sockets[0].queued == 1, "a queued message");
            BlockingQueue<String> got = new LinkedBlockingQueue<>();
            rx.setMessageListener((org.polycast.api.DirectMessageListener) m -> got.add(m.payloadAsText() + "@" + Thread.currentThread().getName()));
            assertTrue(got.poll().startsWith("queued@"), "the queued message is handed over at once");
            tx.send(DEMO, "direct".getBytes());
            String d = got.poll(5, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(d != null && d.startsWith("direct@polycast-if"), () -> "called on the technology's thread: " + d);
        }
    }

    @Test
    void closingTheMiddlewareStopsEveryThread() {
        add("fake", "a");
        add("fake", "b");
        List<ManagedInterface> ifs = mw.managedInterfaces();
        mw.createSocket().join(DEMO);
        mw.close();
        waitFor(() -> ifs.stream().noneMatch(ManagedInterface::threadsAlive), "interface threads end");
    }
}
