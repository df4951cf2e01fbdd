package org.polycast.amt.internal;

import java.util.List;
import java.util.Map;

/** A relay or gateway as the {@code ham:amt} command shows it; registered as a service inside this bundle only. */
public interface AmtStatus {
    /** For example {@code gateway amt0} or {@code relay}. */
    String title();

    /** State lines: relay, tunnels, subscriptions. */
    List<String> describe();

    Map<String, Long> counters();
}
