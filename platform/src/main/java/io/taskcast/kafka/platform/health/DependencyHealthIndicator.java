package io.taskcast.kafka.platform.health;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.Comparator;
import java.util.List;

/**
 * The dependency checks behind {@code /health/ready}, as one actuator health contributor, so the
 * readiness group ({@code /actuator/health/readiness}) answers DOWN when a dependency does not.
 */
public final class DependencyHealthIndicator implements ReactiveHealthIndicator {

    private final List<DependencyCheck> checks;

    public DependencyHealthIndicator(List<DependencyCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    @Override
    public Mono<Health> health() {
        return Flux.fromIterable(checks).flatMap(DependencyCheck::check).collectList().map(statuses -> {
            boolean ok = statuses.stream().allMatch(DependencyStatus::ok);
            Health.Builder health = ok ? Health.up() : Health.down();
            statuses.stream().sorted(Comparator.comparing(DependencyStatus::name))
                    .forEach(s -> health.withDetail(s.name(), (s.ok() ? "UP: " : "DOWN: ") + s.detail()));
            return health.build();
        });
    }
}
