package org.polycast.ip.internal;

/** The settings one factory configuration gives one network interface. */
public record InterfaceOverride(String name, boolean enabled, int defaultTtl, Boolean multicastLoop, int receiveBufferBytes) {

    public static InterfaceOverride from(InterfaceOverrideConfig c) {
        String name = c.name() == null ? "" : c.name().trim();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("an interface configuration needs a name");
        }
        if (c.defaultTtl() < -1 || c.defaultTtl() > 255) {
            throw new IllegalArgumentException("defaultTtl of interface " + name + " must be -1 or 0 to 255");
        }
        Boolean loop = switch (c.multicastLoop().trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            case "default", "" -> null;
            default -> throw new IllegalArgumentException("multicastLoop of interface " + name + " must be default, true or false");
        };
        return new InterfaceOverride(name, c.enabled(), c.defaultTtl(), loop, c.receiveBufferBytes());
    }

    /** The technology-wide settings with this interface's values laid over them. */
    public IpSettings applyTo(IpSettings s) {
        return new IpSettings(s.include(), s.exclude(), s.includeLoopback(), defaultTtl >= 0 ? defaultTtl : s.defaultTtl(),
                multicastLoop != null ? multicastLoop : s.multicastLoop(), s.derivedRange(), s.portMin(), s.portMax(), s.defaultPort(),
                receiveBufferBytes > 0 ? receiveBufferBytes : s.receiveBufferBytes(), s.rescanSeconds(), s.transport(), s.ipFragmentation());
    }
}
