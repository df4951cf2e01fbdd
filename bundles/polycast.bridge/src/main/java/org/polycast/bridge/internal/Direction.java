package org.polycast.bridge.internal;

/** Which way a bridge forwards. */
public enum Direction {
    /** From a local UDP port into a group name. */
    IN,
    /** From a group name to a local UDP address. */
    OUT
}
