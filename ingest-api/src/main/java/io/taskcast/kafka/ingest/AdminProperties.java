package io.taskcast.kafka.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The admin token exchange, {@code POST /admin/token} (Taskcast's {@code adminApi} and
 * {@code adminToken}). {@code toString} never shows the token.
 *
 * @param api   serve the exchange; off, the route answers 404
 * @param token what a caller must present; left empty with {@code api} on, one is generated at
 *              start-up and printed once to standard output (never logged)
 */
@ConfigurationProperties("taskcast.admin")
public record AdminProperties(@DefaultValue("false") boolean api, String token) {

    public AdminProperties {
        token = token == null || token.isBlank() ? null : token;
    }

    @Override
    public String toString() {
        return "AdminProperties[api=" + api + ", token=" + (token == null ? "none" : "(set)") + "]";
    }
}
