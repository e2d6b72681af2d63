package io.taskcast.kafka.platform.health;

import reactor.core.publisher.Mono;

/** Probes one dependency (Kafka, Redis, Postgres) without blocking the caller. */
public interface DependencyCheck {

    String name();

    /** Never errors: a failure is a status with {@code ok = false} and the reason. */
    Mono<DependencyStatus> check();
}
