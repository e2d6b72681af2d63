package io.taskcast.kafka.launcher;

import io.taskcast.kafka.platform.postgres.PostgresUrl;
import io.taskcast.kafka.platform.redis.RedisConnections;

import java.net.URI;
import java.nio.file.Path;

/** The one line printed when the system is ready; connection passwords are never shown. */
final class ReadyLine {

    private ReadyLine() {
    }

    static String of(Launch.Settings s, Path dataDir) {
        StringBuilder line = new StringBuilder("Taskcast ready on http://localhost:").append(s.port())
                .append("  (Kafka ").append(s.kafka())
                .append(", Redis ").append(RedisConnections.redact(URI.create(s.redisUrl())));
        if (s.postgresUrl() != null) {
            line.append(", Postgres ").append(PostgresUrl.parse(s.postgresUrl()));
        }
        return line.append("; data in ").append(dataDir).append(")").toString();
    }
}
