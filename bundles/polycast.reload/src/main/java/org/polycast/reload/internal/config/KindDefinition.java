package org.polycast.reload.internal.config;

import org.polycast.reload.internal.message.DataModel;

/** A kind of the overlay (RFC 6940 §7.4.5, §11.1 required-kinds): its id, model, access policy and limits. */
public record KindDefinition(long id, String name, DataModel model, AccessPolicy policy, int maxCount, int maxSize) {
}
