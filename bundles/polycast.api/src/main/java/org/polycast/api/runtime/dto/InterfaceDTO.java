package org.polycast.api.runtime.dto;

import org.osgi.annotation.versioning.ProviderType;

import org.osgi.dto.DTO;

/** One Interface: its identity, health, groups and counters. */
@ProviderType
public class InterfaceDTO extends DTO {
    /** The state of an Interface that works. */
    public static final String STATE_UP = "UP";
    /** The technology threw or hung; calls to it are refused until it answers again. */
    public static final String STATE_FAILED = "FAILED";
    /** Registered, and being opened; sockets get it once it is up. */
    public static final String STATE_OPENING = "OPENING";

    public int index;
    public String name;
    public String address;
    public String technology;
    /** The technology bundle's symbolic name. */
    public String bundle;
    /** {@link #STATE_UP}, {@link #STATE_OPENING} or {@link #STATE_FAILED}. */
    public String state;
    /** True if sockets that follow the defaults use this Interface. */
    public boolean defaultInterface;
    public int atomicMessageSize;
    public int defaultTtl;
    /** The last failure, if any. */
    public String failure;
    /** Group Names joined or sent to on this Interface, with their addresses. */
    public GroupDTO[] groups;
    public CountersDTO counters;
}
