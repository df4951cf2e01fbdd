package org.polycast.api.runtime.dto;

import org.osgi.annotation.versioning.ProviderType;

import org.osgi.dto.DTO;

/** A Group Name in use on one Interface. */
@ProviderType
public class GroupDTO extends DTO {
    public String name;
    /** The Group Address the name maps to on this Interface. */
    public String address;
    /** Where the mapping came from; see {@link MappingDTO#source}. */
    public String mappingSource;
    /** Sockets that joined the group on this Interface. */
    public int listeners;
    /** Sockets registered as sources of, or sending to, the group on this Interface. */
    public int senders;
    public CountersDTO counters;
}
