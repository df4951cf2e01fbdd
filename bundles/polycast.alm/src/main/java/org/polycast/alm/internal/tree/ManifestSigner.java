package org.polycast.alm.internal.tree;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

import org.polycast.alm.internal.wire.DataRecord;
import org.polycast.api.overlay.OverlayService;

/**
 * The source's side of source authentication, for one tree: it notes the hash of every message this peer sends and, at
 * most every {@code intervalMillis}, signs a manifest of the run noted since (one RSA signature with the peer's overlay key
 * for the whole run), off the ALM thread; the manifest then goes down the tree like a message. A run starts being signed
 * as soon as the previous signature is done and the interval has passed, so that at low rates a message waits for one
 * signature only, and at high rates one signature covers many. The interval stretches to {@value #BUDGET} times what the
 * last signature took, so that signing costs at most a tenth of a core however fast the peer sends (and however slow a
 * loaded machine makes a signature). The certificate travels with the first manifest and then
 * at most once a second. Runs on the ALM thread, but for the signing itself.
 */
final class ManifestSigner {
    private static final long CERTIFICATE_EVERY_MILLIS = 1_000;
    /** The pause after a signature, as a multiple of what it took (at most one tenth of a core for signing). */
    static final int BUDGET = 9;
    /**
     * Octets of messages one manifest covers at most, whatever the budget: members hold messages until their manifest is
     * verified, so that a run must stay well inside a member's buffer (receiveBufferBytes, 8 MiB by default).
     */
    static final int MAX_RUN_BYTES = 512 * 1024;
    /**
     * Octets this peer may have sent ahead of its last manifest: beyond it, its sends are held back until a signature
     * catches up (a loaded machine can make signing slow), since members hold every message until its manifest comes.
     */
    static final long MAX_UNSIGNED_BYTES = 2L * MAX_RUN_BYTES;

    private final String group;
    private final byte[] groupId;
    private final byte[] self;
    private final OverlayService overlay;
    private final ScribeTrees.Clock clock;
    private final Executor signer;
    private final long intervalMillis;
    private final TreeCounters counters;
    /** Receives each signed manifest on the ALM thread, to send it down the tree. */
    private final BiConsumer<String, byte[]> emit;
    private ByteArrayOutputStream hashes = new ByteArrayOutputStream();
    private long first = -1;
    private int count;
    private long runBytes;
    /** Octets noted and not yet in an emitted manifest. */
    private long unsignedBytes;
    private long number;
    private long lastSignedAt = Long.MIN_VALUE / 2;
    private long lastCertificateAt = Long.MIN_VALUE / 2;
    private boolean signing;
    private boolean scheduled;
    /** What the last signature took, in milliseconds. */
    private volatile long lastSignMillis;
    private boolean closed;
    /** Closing: what is noted is signed as soon as the signature before it is done, without waiting for the interval. */
    private boolean flushing;

    ManifestSigner(String group, byte[] self, OverlayService overlay, ScribeTrees.Clock clock, Executor signing, long intervalMillis, TreeCounters counters,
            BiConsumer<String, byte[]> emit) {
        this.group = group;
        this.groupId = HexFormat.of().parseHex(group);
        this.self = self;
        this.overlay = overlay;
        this.clock = clock;
        this.signer = signing;
        this.intervalMillis = intervalMillis;
        this.counters = counters;
        this.emit = emit;
        this.number = clock.nowMillis() << 20;
    }

    /** A message this peer sent on the tree (its DATA record). */
    void sent(byte[] record) {
        long seq = DataRecord.sequence(record);
        if (count > 0 && (seq != first + count || count == DataRecord.MAX_MANIFEST_RUN || runBytes >= MAX_RUN_BYTES)) {
            // Not the run's continuation (or the run is full): sign what there is now, start a new run.
            signNow();
        }
        if (count == 0) {
            first = seq;
        }
        hashes.writeBytes(DataRecord.hash(record, DataRecord.DATA_HEADER, record.length - DataRecord.DATA_HEADER));
        count++;
        runBytes += record.length;
        unsignedBytes += record.length;
        maybeSign();
    }

    private void maybeSign() {
        if (signing || scheduled || count == 0 || closed) {
            return;
        }
        long wait = flushing ? 0 : lastSignedAt + Math.max(intervalMillis, BUDGET * lastSignMillis) - clock.nowMillis();
        if (wait <= 0) {
            signNow();
        } else {
            scheduled = true;
            clock.schedule(() -> {
                scheduled = false;
                maybeSign();
            }, wait);
        }
    }

    /** Signs the run noted so far (off the ALM thread); the manifest comes back through {@code emit}. */
    private void signNow() {
        if (count == 0) {
            return;
        }
        long now = clock.nowMillis();
        boolean withCertificate = now - lastCertificateAt >= CERTIFICATE_EVERY_MILLIS;
        if (withCertificate) {
            lastCertificateAt = now;
        }
        DataRecord.Manifest unsigned = new DataRecord.Manifest(self, ++number, first, count, now, hashes.toByteArray(), new byte[0], new byte[0]);
        hashes = new ByteArrayOutputStream();
        long covered = runBytes;
        count = 0;
        runBytes = 0;
        first = -1;
        lastSignedAt = now;
        signing = true;
        byte[] input = unsigned.signedInput(groupId);
        signer.execute(() -> {
            byte[] signature;
            byte[] certificate;
            long began = System.nanoTime();
            try {
                signature = overlay.sign(input);
                lastSignMillis = (System.nanoTime() - began) / 1_000_000;
                certificate = withCertificate ? overlay.certificate() : new byte[0];
            } catch (RuntimeException e) {
                clock.execute(() -> signed(null, covered));
                return;
            }
            DataRecord.Manifest m = new DataRecord.Manifest(unsigned.origin(), unsigned.number(), unsigned.first(), unsigned.count(), unsigned.signedAt(),
                    unsigned.hashes(), signature, certificate);
            clock.execute(() -> signed(m.encode(), covered));
        });
    }

    private void signed(byte[] manifest, long covered) {
        signing = false;
        unsignedBytes -= covered;
        if (manifest != null) {
            counters.add(AlmCounter.MANIFESTS_SIGNED);
            emit.accept(group, manifest);
        }
        maybeSign();
    }

    /**
     * Signs what is noted at once (the Interface is closing: the tail must not wait for the interval), and from now on every
     * run as soon as the signature before it is done: a signature in progress when the close began must not leave the tail
     * waiting out an interval stretched by a loaded machine past the close's wait.
     */
    void flush() {
        flushing = true;
        if (!signing) {
            signNow();
        }
    }

    /** Whether this peer has sent so far ahead of its manifests that it should wait for them. */
    boolean behind() {
        return unsignedBytes > MAX_UNSIGNED_BYTES;
    }

    /** Whether every message noted has gone out in a manifest. */
    boolean idle() {
        return !signing && count == 0;
    }

    void close() {
        closed = true;
    }
}
