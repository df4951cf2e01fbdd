package org.polycast.shell.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "Polycast console log", description = "Which Log Service entries are printed on the terminal")
@interface ConsoleLogConfig {
    @AttributeDefinition(description = "Lowest level printed", options = {@Option(value = "ERROR"), @Option(value = "WARN"),
        @Option(value = "INFO"), @Option(value = "DEBUG"), @Option(value = "OFF")})
    String level() default "WARN";
}
