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

import java.lang.management.ManagementFactory;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the server is ({@code /}), liveness ({@code /health}: the process answers), readiness
 * ({@code /health/ready}: every dependency answers; 503 otherwise, naming the one that does not)
 * and the detail Taskcast's CLI {@code doctor} reads ({@code /health/detail}: auth mode and the
 * three stores by Taskcast's adapter names, always 200 so it can show what is down; taskcast-extras.md §2).
 */
@RestController
public class HealthController {

    private static final String API_VERSION = "v1";
    /** Our three dependencies (the names of their checks) and Taskcast's adapter names for them, in its order. */
    private static final List<Map.Entry<String, String>> ADAPTERS = List.of(Map.entry("kafka", "broadcast"),
            Map.entry("redis", "shortTermStore"), Map.entry("postgres", "longTermStore"));

    private final List<DependencyCheck> checks;
    private final String authMode;

    public HealthController(List<DependencyCheck> checks, String authMode) {
        this.checks = checks;
        this.authMode = authMode;
    }

    @GetMapping(path = "/", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> server() {
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("health", "/health");
        links.put("healthReady", "/health/ready");
        links.put("healthDetail", "/health/detail");
        links.put("openapi", "/openapi.json");
        links.put("docs", "/docs");
        Map<String, Object> body = identity();
        body.put("links", links);
        return body;
    }

    @GetMapping(path = "/health", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> health() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ok", true);
        body.putAll(identity());
        return body;
    }

    @GetMapping(path = "/health/ready", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Map<String, Object>>> ready() {
        return statuses().map(statuses -> {
            boolean ok = allOk(statuses);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("ok", ok);
            body.put("name", "taskcast");
            body.put("version", BuildInfo.version());
            body.put("dependencies", dependencies(statuses));
            return ResponseEntity.status(ok ? 200 : 503).body(body);
        });
    }

    @GetMapping(path = "/health/detail", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> detail() {
        return statuses().map(statuses -> {
            Map<String, Object> adapters = new LinkedHashMap<>();
            for (Map.Entry<String, String> check : ADAPTERS) {
                find(statuses, check.getKey()).ifPresent(s -> {
                    Map<String, Object> adapter = new LinkedHashMap<>();
                    adapter.put("provider", check.getKey());
                    adapter.put("status", s.ok() ? "ok" : "error");
                    adapters.put(check.getValue(), adapter);
                });
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("ok", allOk(statuses));
            body.putAll(identity());
            body.put("uptime", ManagementFactory.getRuntimeMXBean().getUptime() / 1000);
            body.put("auth", Map.of("mode", authMode));
            body.put("adapters", adapters);
            body.put("dependencies", dependencies(statuses));
            return body;
        });
    }

    private Mono<List<DependencyStatus>> statuses() {
        return Flux.fromIterable(checks).flatMap(DependencyCheck::check)
                .sort(Comparator.comparing(DependencyStatus::name)).collectList();
    }

    private static Map<String, Object> identity() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "taskcast");
        body.put("version", BuildInfo.version());
        body.put("apiVersion", API_VERSION);
        return body;
    }

    private static boolean allOk(List<DependencyStatus> statuses) {
        return statuses.stream().allMatch(DependencyStatus::ok);
    }

    private static Optional<DependencyStatus> find(List<DependencyStatus> statuses, String name) {
        return statuses.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    private static Map<String, Object> dependencies(List<DependencyStatus> statuses) {
        Map<String, Object> dependencies = new LinkedHashMap<>();
        statuses.forEach(s -> dependencies.put(s.name(), Map.of("ok", s.ok(), "detail", s.detail())));
        return dependencies;
    }
}
