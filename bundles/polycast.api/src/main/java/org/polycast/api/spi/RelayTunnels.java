package org.polycast.api.spi;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Multicast through a relay, offered by a tunnelling technology (AMT, RFC 7450) to other technologies that need a path into a
 * multicast region they are not on (the ALM technology's hybrid delivery). A tunnel is an Interface of the providing
 * technology that is not a default Interface: applications' sockets use it only when they name it. Technologies find this
 * service in the registry, where it may come and go; they never write another technology's configuration.
 */
@ProviderType
public interface RelayTunnels {
    /** The technology of the tunnels' Interfaces, as {@code InterfaceProperties.technology()} names it (for AMT: {@code amt}). */
    String technology();

    /**
     * A tunnel to a relay, opened on the first call for that relay and shared after: returns the name its Interface has (or
     * will have: the Interface registers asynchronously and appears in the runtime shortly after the first call). Returns
     * quickly; it does not wait for the relay.
     *
     * @param relay {@code 198.18.1.1}, {@code [2001:2::1]} or a host name, each with an optional {@code :port}
     * @throws IllegalArgumentException naming what is wrong with {@code relay}
     */
    String open(String relay);
}
