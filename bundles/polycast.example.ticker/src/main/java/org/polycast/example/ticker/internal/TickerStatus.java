package org.polycast.example.ticker.internal;

/** What the ticker has done since it started. */
public record TickerStatus(String group, String name, long sent, long sendFailures, long heard, long heardFromOthers) {
}
