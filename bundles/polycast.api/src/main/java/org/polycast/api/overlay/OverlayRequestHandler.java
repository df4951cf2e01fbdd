package org.polycast.api.overlay;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;

/** Answers experimental ({@code exp_a}) requests; runs on the overlay's thread, so it must not block. */
@ConsumerType
public interface OverlayRequestHandler {
    /**
     * @param fromNodeId the verified signer of the request, hex
     * @return the answer's body, or a stage failed with {@link OverlayException} to answer with an error
     */
    CompletionStage<byte[]> handle(String fromNodeId, byte[] body);
}
