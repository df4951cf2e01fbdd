package org.polycast.example.ticker.internal;

import java.time.Instant;

/** One message the ticker heard: when, from which Interface and sender, and its text. */
public record Heard(Instant at, int interfaceIndex, String sender, String text) {
}
