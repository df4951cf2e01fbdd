package org.polycast.api.runtime.dto;

import org.osgi.annotation.versioning.ProviderType;

import org.osgi.dto.DTO;

/** A call into a technology that threw, timed out, or was refused. */
@ProviderType
public class FailureDTO extends DTO {
    public int interfaceIndex;
    public String technology;
    /** The operation, for example {@code join ham:ip:239.1.1.1:5000}. */
    public String operation;
    public String message;
    /** Milliseconds since the epoch. */
    public long timestamp;
}
