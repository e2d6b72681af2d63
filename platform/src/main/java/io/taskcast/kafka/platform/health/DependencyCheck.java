package io.taskcast.kafka.platform.health;

import reactor.core.publisher.Mono;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Probes one dependency (Kafka, Redis, Postgres, a part of this process) without blocking the caller. */
public interface DependencyCheck {

    String name();

    /** Never errors: a failure is a status with {@code ok = false} and the reason. */
    Mono<DependencyStatus> check();

    /** A check named {@code name} whose status {@code check} makes anew each time it is asked. */
    static DependencyCheck of(String name, Supplier<Mono<DependencyStatus>> check) {
        return new DependencyCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Mono<DependencyStatus> check() {
                return check.get();
            }
        };
    }

    /** A check of something in this process, whose state is known at once: {@code ok} and {@code detail} say it. */
    static DependencyCheck local(String name, BooleanSupplier ok, Supplier<String> detail) {
        return of(name, () -> Mono.fromSupplier(() -> new DependencyStatus(name, ok.getAsBoolean(), detail.get())));
    }
}
