package io.taskcast.kafka.launcher;

import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;

/**
 * Spring Boot's structured (ECS) log encoder, usable before Spring starts: the embedded
 * infrastructure of {@code dev} logs before there is a Spring environment, which the encoder
 * otherwise requires. Once Spring has started it supplies its own environment.
 */
public final class JsonLogEncoder extends StructuredLogEncoder {

    public JsonLogEncoder() {
        setFormat("ecs");
    }

    @Override
    public void start() {
        if (getContext().getObject(Environment.class.getName()) == null) {
            getContext().putObject(Environment.class.getName(), new StandardEnvironment());
        }
        super.start();
    }
}
