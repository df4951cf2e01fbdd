package org.polycast.gateway.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.polycast.api.overlay.OverlayClaims;
import org.polycast.api.overlay.OverlayError;
import org.polycast.api.overlay.OverlayException;
import org.polycast.api.overlay.OverlayService;
import org.polycast.api.overlay.OverlayValue;

/**
 * One designated gateway per group and pair of domains: each gateway claims
 * {@code polycast-gw:<election key>} in the overlay's claim kind with a short lease and renews it;
 * the first live claim wins, the others stand by and claim again every round, so one takes over when
 * the designated gateway's lease ends. A designated gateway that cannot renew steps down when its
 * lease would have ended, so that two never forward at once for longer than a round.
 */
final class Election {
    enum State {
        /** No election (off, or auto without an overlay): forward. */
        OFF,
        /** This gateway holds the claim: forward. */
        DESIGNATED,
        /** Another gateway holds it: do not forward. */
        STANDBY,
        /** An election is wanted but the overlay is not there or not joined: do not forward. */
        WAITING
    }

    private record Status(State state, long renewedAt) {
    }

    private final Supplier<OverlayService> overlay;
    private final boolean required;
    private final byte[] claimKey;
    private final Duration lease;
    private final Map<String, Status> states = new ConcurrentHashMap<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    Election(Supplier<OverlayService> overlay, boolean required, String claimKey, Duration lease) {
        this.overlay = overlay;
        this.required = required;
        this.claimKey = claimKey.getBytes(StandardCharsets.UTF_8);
        this.lease = lease;
    }

    State state(String key) {
        Status s = states.get(key);
        return s == null ? (overlay.get() == null && !required ? State.OFF : State.WAITING) : s.state();
    }

    boolean forwards(String key) {
        State s = state(key);
        return s == State.OFF || s == State.DESIGNATED;
    }

    /** One round: claim or renew every key; called periodically. */
    void round(Collection<String> keys, long nowMillis) {
        OverlayService o = overlay.get();
        states.keySet().retainAll(keys);
        for (String key : keys) {
            if (o == null) {
                states.put(key, new Status(required ? State.WAITING : State.OFF, 0));
                continue;
            }
            if (!o.joined()) {
                states.put(key, new Status(State.WAITING, 0));
                continue;
            }
            Status before = states.get(key);
            if (before != null && before.state() == State.DESIGNATED && nowMillis - before.renewedAt() > lease.toMillis()) {
                states.put(key, new Status(State.STANDBY, 0)); // could not renew in time: another may hold it now
            }
            if (!inFlight.add(key)) {
                continue;
            }
            o.store(OverlayClaims.KIND, o.resourceId("polycast-gw:" + key), List.of(OverlayValue.single(OverlayClaims.value(claimKey, new byte[0]))), lease)
                    .whenComplete((replicas, failure) -> {
                        inFlight.remove(key);
                        OverlayError error = failure == null ? null : error(failure);
                        if (failure == null || OverlayError.DATA_TOO_OLD.equals(error)) {
                            states.put(key, new Status(State.DESIGNATED, nowMillis));
                        } else if (OverlayError.FORBIDDEN.equals(error)) {
                            states.put(key, new Status(State.STANDBY, 0));
                        } else if (states.get(key) == null || states.get(key).state() != State.DESIGNATED) {
                            states.put(key, new Status(State.WAITING, 0));
                        }
                    });
        }
    }

    /** Gives up this gateway's claims at once (on stop), so that a standby need not wait for the lease. */
    void release(Collection<String> keys) {
        OverlayService o = overlay.get();
        if (o == null) {
            return;
        }
        for (String key : keys) {
            if (state(key) == State.DESIGNATED) {
                o.store(OverlayClaims.KIND, o.resourceId("polycast-gw:" + key), List.of(OverlayValue.single(new byte[0]).removal()), lease);
            }
        }
        states.clear();
    }

    private static OverlayError error(Throwable t) {
        Throwable c = t;
        while (c instanceof CompletionException && c.getCause() != null) {
            c = c.getCause();
        }
        return c instanceof OverlayException e ? e.error() : OverlayError.NO_ANSWER;
    }
}
