package org.polycast.webconsole.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Credentials of the web console (PID {@code org.polycast.webconsole}). */
@ObjectClassDefinition(name = "Polycast web console", description = "Who may use the web console")
@interface ConsoleConfig {
    @AttributeDefinition(description = "User name")
    String user() default "admin";

    @AttributeDefinition(description = "SHA-256 of the password, hex; empty: a password is generated at start and written to "
            + "<polycast.home>/webconsole.password (readable by the owner only)")
    String passwordSha256() default "";
}
