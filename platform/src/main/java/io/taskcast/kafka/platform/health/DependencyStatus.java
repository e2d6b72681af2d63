package io.taskcast.kafka.platform.health;

/** The state of one dependency as readiness reports it. */
public record DependencyStatus(String name, boolean ok, String detail) {
}
