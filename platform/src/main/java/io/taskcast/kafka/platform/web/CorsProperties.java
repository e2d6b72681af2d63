package io.taskcast.kafka.platform.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.web.cors.CorsConfiguration;

import java.time.Duration;
import java.util.List;

/**
 * Cross-origin requests (Taskcast's {@code cors}), off by default: browsers on other origins, such
 * as Taskcast's dashboard, may call the API and open streams only from the origins listed here.
 *
 * @param origin the allowed origins, e.g. {@code https://dash.example.com}; {@code *} allows any
 */
@ConfigurationProperties("taskcast.cors")
public record CorsProperties(List<String> origin) {

    public CorsProperties {
        origin = origin == null ? List.of() : origin.stream().map(String::trim).filter(o -> !o.isEmpty()).toList();
    }

    public boolean enabled() {
        return !origin.isEmpty();
    }

    /**
     * Every route, preflight included; {@code Authorization} and {@code Last-Event-ID} may be sent,
     * so a browser's EventSource polyfill can resume a stream with a bearer token.
     */
    public CorsConfiguration configuration() {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOriginPatterns(origin);
        cors.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Last-Event-ID", "X-Taskcast-Service-Key",
                "Cache-Control"));
        cors.setMaxAge(Duration.ofHours(1));
        return cors;
    }
}
