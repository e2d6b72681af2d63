package io.taskcast.kafka.ingest.web;

import io.taskcast.kafka.platform.BuildInfo;
import io.taskcast.kafka.platform.health.DependencyCheck;
import io.taskcast.kafka.platform.health.DependencyStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Liveness ({@code /health}: the process answers) and readiness ({@code /health/ready}: every
 * dependency answers; 503 otherwise, naming the one that does not).
 */
@RestController
public class HealthController {

    private final List<DependencyCheck> checks;

    public HealthController(List<DependencyCheck> checks) {
        this.checks = checks;
    }

    @GetMapping(path = "/health", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> health() {
        return Map.of("ok", true, "name", "taskcast", "version", BuildInfo.version(), "apiVersion", "v1");
    }

    @GetMapping(path = {"/health/ready", "/health/detail"}, produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Map<String, Object>>> ready() {
        return Flux.fromIterable(checks).flatMap(DependencyCheck::check).collectList().map(statuses -> {
            boolean ok = statuses.stream().allMatch(DependencyStatus::ok);
            Map<String, Object> dependencies = new LinkedHashMap<>();
            statuses.stream().sorted((a, b) -> a.name().compareTo(b.name())).forEach(s ->
                    dependencies.put(s.name(), Map.of("ok", s.ok(), "detail", s.detail())));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("ok", ok);
            body.put("name", "taskcast");
            body.put("version", BuildInfo.version());
            body.put("dependencies", dependencies);
            return ResponseEntity.status(ok ? 200 : 503).body(body);
        });
    }
}
