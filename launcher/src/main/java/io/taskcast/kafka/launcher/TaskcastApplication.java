package io.taskcast.kafka.launcher;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** The Spring application every role plugs into through its auto-configuration. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TaskcastApplication {
}
