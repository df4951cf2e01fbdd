package org.polycast.example.ticker.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;
import org.polycast.api.HamUri;
import org.polycast.api.Message;
import org.polycast.api.MulticastException;
import org.polycast.api.MulticastService;
import org.polycast.api.MulticastSocket;

/**
 * The example application: one socket, joined to the configured group name, a tick sent to it every interval, and the
 * last {@value #KEPT} messages heard kept for the Gogo commands {@code ticker:heard} and {@code ticker:status}. It
 * never names a technology: the runtime carries the group over whatever it has (native multicast, AMT, the overlay).
 */
@Component(service = Ticker.class, immediate = true, configurationPid = "org.polycast.example.ticker", property = {
    "osgi.command.scope=ticker", "osgi.command.function=heard", "osgi.command.function=status" })
@Designate(ocd = TickerConfig.class)
public class Ticker {
    static final int KEPT = 20;

    private final MulticastSocket socket;
    private final HamUri group;
    private final String name;
    private final Logger log;
    private final ScheduledExecutorService timer;
    private final ArrayDeque<Heard> heard = new ArrayDeque<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong sendFailures = new AtomicLong();
    private final AtomicLong heardCount = new AtomicLong();
    private final AtomicLong heardFromOthers = new AtomicLong();

    @Activate
    public Ticker(@Reference MulticastService polycast, @Reference(service = LoggerFactory.class) Logger log, TickerConfig config) {
        this.log = log;
        this.group = HamUri.parse(config.group()); // an invalid name fails activation with HamUriSyntaxException naming the fault
        this.name = config.name().isBlank() ? hostName() : config.name();
        this.socket = polycast.createSocket();
        socket.join(group);
        socket.setMessageListener(this::onMessage);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "polycast-example-ticker"));
        if (config.intervalMillis() > 0) {
            timer.scheduleAtFixedRate(this::tick, 0, config.intervalMillis(), TimeUnit.MILLISECONDS);
        }
        log.info("ticker {} joined {} on interfaces {}", name, group, socket.getInterfaces());
    }

    private void tick() {
        String text = "tick " + (sent.get() + 1) + " from " + name;
        try {
            socket.send(group, text.getBytes(StandardCharsets.UTF_8));
            sent.incrementAndGet();
        } catch (MulticastException e) {
            // no Interface can carry the group yet, or flow control held the tick back too long: count, try next time
            sendFailures.incrementAndGet();
            log.debug("tick not sent: {}", e.getMessage());
        }
    }

    private void onMessage(Message m) {
        String text = m.payloadAsText();
        heardCount.incrementAndGet();
        if (!text.endsWith(" from " + name)) {
            heardFromOthers.incrementAndGet();
        }
        synchronized (heard) {
            if (heard.size() == KEPT) {
                heard.removeFirst();
            }
            heard.addLast(new Heard(Instant.now(), m.interfaceIndex(), m.source().orElse("?"), text));
        }
    }

    /** Gogo {@code ticker:heard}: the last messages heard, oldest first. */
    public List<Heard> heard() {
        synchronized (heard) {
            return List.copyOf(heard);
        }
    }

    /** Gogo {@code ticker:status}: the group, the name and the counts. */
    public TickerStatus status() {
        return new TickerStatus(group.toString(), name, sent.get(), sendFailures.get(), heardCount.get(), heardFromOthers.get());
    }

    @Deactivate
    void stop() {
        timer.shutdownNow();
        socket.close();
        log.info("ticker {} left {} after {} ticks", name, group, sent.get());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "host-" + ProcessHandle.current().pid();
        }
    }
}
