package org.polycast.reload.internal.message;

/** The data models of RFC 6940 §7.2; a kind's model is not on the wire but in its definition. */
public enum DataModel {
    SINGLE, ARRAY, DICTIONARY;

    /** Looks up the model of a kind; null when the kind is unknown. */
    @FunctionalInterface
    public interface Lookup {
        DataModel of(long kind);
    }
}
