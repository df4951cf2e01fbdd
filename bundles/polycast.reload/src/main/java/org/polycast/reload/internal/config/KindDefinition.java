package org.polycast.reload.internal.config;

import org.polycast.reload.internal.message.DataModel;

/** A kind of the overlay (RFC 6940 §7.4.5, §11.1 required-kinds): its id, model, access policy and limits. */
public record KindDefinition(long id, String name, DataModel model, AccessPolicy policy, int maxCount, int maxSize) {
    public KindDefinition {
        // The experimental policies are defined for one data model each.
        if (policy == AccessPolicy.FIRST_CLAIM && model != DataModel.SINGLE || policy == AccessPolicy.NODE_KEY && model != DataModel.DICTIONARY) {
            throw new IllegalArgumentException("kind " + name + ": " + policy.configName() + " needs the "
                    + (policy == AccessPolicy.FIRST_CLAIM ? "SINGLE" : "DICTIONARY") + " data model, not " + model);
        }
    }
}
