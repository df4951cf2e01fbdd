package org.polycast.api.runtime;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A section of live status for operators' displays (the web console, support dumps): technologies
 * and services register one to show what only they know (AMT tunnels, the overlay ring, ALM trees,
 * gateway routes). Values are plain data: {@code String}, {@code Number}, {@code Boolean}, lists and
 * maps of these (a list of maps is shown as a table). A map under the key {@value #GRAPH} is drawn as
 * a graph: {@code nodes} (maps with {@code id}, optional {@code label} and further attributes shown on
 * the node) and {@code edges} (maps with {@code from}, {@code to} and optional {@code label}).
 *
 * <h2>Service properties</h2>
 * <ul>
 * <li>{@value #SECTION} (String, required): the section's title.</li>
 * </ul>
 * Calls come from display threads at a few per second; answer from state at hand, quickly.
 */
@ConsumerType
public interface StatusProvider {
    /** Service property: the section's title. */
    String SECTION = "polycast.status.section";
    /** The key under which a value is drawn as a graph. */
    String GRAPH = "graph";

    /** The section's current status. */
    Map<String, Object> status();
}
