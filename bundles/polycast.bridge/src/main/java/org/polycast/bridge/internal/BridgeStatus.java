package org.polycast.bridge.internal;

/**
 * One bridge as the shell lists it: its name and direction, the UDP address and the group, and what it moved: datagrams
 * and bytes forwarded, datagrams it could not forward (the group refused the send, or the local UDP send failed).
 */
public record BridgeStatus(String name, Direction direction, String udp, String group, long datagrams, long bytes, long failed, String lastFailure) {
}
