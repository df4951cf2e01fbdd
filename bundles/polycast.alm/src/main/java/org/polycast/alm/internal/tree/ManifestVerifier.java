package org.polycast.alm.internal.tree;

import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import org.polycast.alm.internal.wire.DataRecord;
import org.polycast.api.overlay.OverlayException;
import org.polycast.api.overlay.OverlayService;

/**
 * The member's side of source authentication: checks each manifest's signature against its origin's certificate (which
 * the overlay's trust must accept and which must name the origin), off the ALM thread. Certificates that checked are kept
 * per origin, so that manifests without one can be checked too; a manifest that comes before any certificate of its origin
 * waits (a few per origin) for one. A manifest signed more than {@code maxAgeMillis} before or after this peer's clock is
 * refused: an old manifest replayed cannot make old messages look new.
 */
final class ManifestVerifier {
    private static final int MAX_ORIGINS = 4096;
    private static final int MAX_WAITING_PER_ORIGIN = 64;

    private record Waiting(String group, DataRecord.Manifest manifest, Consumer<DataRecord.Manifest> verified) {
    }

    private final OverlayService overlay;
    private final ScribeTrees.Clock clock;
    private final Executor verifying;
    private final TreeCounters counters;
    private final long maxAgeMillis;
    private final Map<String, byte[]> certificates = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > MAX_ORIGINS;
        }
    };
    private final Map<String, ArrayDeque<Waiting>> waiting = new LinkedHashMap<>();

    ManifestVerifier(OverlayService overlay, ScribeTrees.Clock clock, Executor verifying, TreeCounters counters, long maxAgeMillis) {
        this.overlay = overlay;
        this.clock = clock;
        this.verifying = verifying;
        this.counters = counters;
        this.maxAgeMillis = maxAgeMillis;
    }

    /** Checks a manifest of a tree; {@code verified} hears of it on the ALM thread if it checks. */
    void verify(String group, DataRecord.Manifest m, Consumer<DataRecord.Manifest> verified) {
        long age = clock.nowMillis() - m.signedAt();
        if (age > maxAgeMillis || age < -maxAgeMillis) {
            counters.add(AlmCounter.MANIFESTS_STALE);
            return;
        }
        String origin = m.originHex();
        byte[] certificate = m.certificate().length > 0 ? m.certificate() : certificates.get(origin);
        if (certificate == null) {
            ArrayDeque<Waiting> q = waiting.computeIfAbsent(origin, o -> new ArrayDeque<>());
            if (q.size() >= MAX_WAITING_PER_ORIGIN) {
                q.poll();
                counters.add(AlmCounter.MANIFESTS_WITHOUT_CERTIFICATE);
            }
            q.add(new Waiting(group, m, verified));
            if (waiting.size() > MAX_ORIGINS) {
                var eldest = waiting.entrySet().iterator();
                counters.add(AlmCounter.MANIFESTS_WITHOUT_CERTIFICATE, eldest.next().getValue().size());
                eldest.remove();
            }
            return;
        }
        byte[] groupId = HexFormat.of().parseHex(group);
        byte[] input = m.signedInput(groupId);
        verifying.execute(() -> {
            boolean ok;
            try {
                overlay.verify(origin, certificate, input, m.signature());
                ok = true;
            } catch (OverlayException | RuntimeException e) {
                ok = false;
            }
            boolean checked = ok;
            clock.execute(() -> checked(group, m, certificate, checked, verified));
        });
    }

    private void checked(String group, DataRecord.Manifest m, byte[] certificate, boolean ok, Consumer<DataRecord.Manifest> verified) {
        if (!ok) {
            counters.add(AlmCounter.MANIFESTS_REJECTED);
            return;
        }
        counters.add(AlmCounter.MANIFESTS_VERIFIED);
        String origin = m.originHex();
        if (m.certificate().length > 0) {
            certificates.put(origin, certificate);
            ArrayDeque<Waiting> q = waiting.remove(origin);
            if (q != null) {
                q.forEach(w -> verify(w.group, w.manifest, w.verified));
            }
        }
        verified.accept(m);
    }
}
