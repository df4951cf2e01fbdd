package org.polycast.mapping.dht.internal;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.polycast.api.overlay.OverlayClaims;
import org.polycast.api.overlay.OverlayError;
import org.polycast.api.overlay.OverlayException;
import org.polycast.api.overlay.OverlayService;
import org.polycast.api.overlay.OverlayValue;

/**
 * Allocate-if-absent over the overlay's claim kind. A name's candidate addresses are fixed by the
 * name alone (probe i: the range's address at SHA-256(name, i)); each candidate is a resource
 * {@code polycast-map:<range>:<address>} whose claim key is the name. The first live claim of an
 * address wins at the peer responsible for it, so:
 * <ul>
 * <li>hosts allocating the same name walk the same candidates and stop at the same one: the first
 * that is free or already theirs;</li>
 * <li>a name whose candidate is held by another name moves on to its next candidate, so two names
 * never hold one address of a range while their leases live.</li>
 * </ul>
 */
final class ClaimAllocator {
    /** Where a name's allocation stands: the address and the probe that found it. */
    record Claimed(InetAddress address, int probe) {
    }

    /** Every probe of a name was held by other names. */
    static final class RangeFullException extends Exception {
        private static final long serialVersionUID = 1L;

        RangeFullException(String message) {
            super(message);
        }
    }

    private final OverlayService overlay;
    private final Duration lease;
    private final int maxProbes;

    ClaimAllocator(OverlayService overlay, Duration lease, int maxProbes) {
        this.overlay = overlay;
        this.lease = lease;
        this.maxProbes = maxProbes;
    }

    /** Claims (or confirms) the name's address in the range. */
    CompletableFuture<Claimed> allocate(AllocationRange range, String name) {
        return probe(range, name, 0);
    }

    private CompletableFuture<Claimed> probe(AllocationRange range, String name, int probe) {
        if (probe >= maxProbes) {
            return CompletableFuture.failedFuture(new RangeFullException("no free address for " + name + " in " + range.text() + " after " + maxProbes
                    + " candidates: the range is too full (make it larger or the lease shorter)"));
        }
        InetAddress candidate = range.addressAt(offset(name, probe));
        return claim(range, candidate, name).thenCompose(ours -> ours
                ? CompletableFuture.completedFuture(new Claimed(candidate, probe))
                : probe(range, name, probe + 1));
    }

    /** Stores the claim; true if the address is (now) the name's, false if another name holds it. */
    CompletableFuture<Boolean> claim(AllocationRange range, InetAddress address, String name) {
        byte[] key = name.getBytes(StandardCharsets.UTF_8);
        byte[] resource = resource(range, address);
        CompletionStage<List<String>> stored = overlay.store(OverlayClaims.KIND, resource, List.of(OverlayValue.single(OverlayClaims.value(key, new byte[0]))),
                lease);
        return stored.toCompletableFuture().handle((replicas, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(true);
            }
            OverlayException e = overlayFailure(failure);
            if (e != null && e.error().equals(OverlayError.FORBIDDEN)) {
                return CompletableFuture.completedFuture(false);
            }
            if (e != null && e.error().equals(OverlayError.DATA_TOO_OLD)) {
                // Someone refreshed a claim there after our storage time: ours if it has our key.
                return holder(range, address).thenApply(h -> h.map(name::equals).orElse(false));
            }
            return CompletableFuture.<Boolean>failedFuture(failure);
        }).thenCompose(f -> f);
    }

    /** The name holding an address, if a live claim exists. */
    CompletableFuture<Optional<String>> holder(AllocationRange range, InetAddress address) {
        return overlay.fetch(OverlayClaims.KIND, resource(range, address)).toCompletableFuture().thenApply(values -> values.stream()
                .filter(OverlayValue::exists)
                .map(v -> OverlayClaims.key(v.value()))
                .filter(k -> k != null)
                .map(k -> new String(k, StandardCharsets.UTF_8))
                .findFirst());
    }

    private byte[] resource(AllocationRange range, InetAddress address) {
        return overlay.resourceId("polycast-map:" + range.text() + ":" + address.getHostAddress());
    }

    /** The offset of a name's probe: the first 8 octets of SHA-256(name UTF-8 || probe as 32 bits). */
    static long offset(String name, int probe) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            sha.update(ByteBuffer.allocate(4).putInt(probe).array());
            return ByteBuffer.wrap(Arrays.copyOf(sha.digest(), 8)).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private static OverlayException overlayFailure(Throwable t) {
        Throwable c = t;
        while (c instanceof CompletionException && c.getCause() != null) {
            c = c.getCause();
        }
        return c instanceof OverlayException o ? o : null;
    }
}
