package org.polycast.ip.internal;

import org.osgi.service.component.annotations.Activate;

/** One per-interface factory configuration, as a component the technology component binds to. */
public abstract class InterfaceConfigurationComponent {
    private final IpFamily family;
    private InterfaceOverride override;

    protected InterfaceConfigurationComponent(IpFamily family) {
        this.family = family;
    }

    @Activate
    protected void activate(InterfaceOverrideConfig config) {
        override = InterfaceOverride.from(config);
    }

    IpFamily family() {
        return family;
    }

    InterfaceOverride override() {
        return override;
    }
}
