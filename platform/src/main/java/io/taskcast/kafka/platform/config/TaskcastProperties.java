package io.taskcast.kafka.platform.config;

import io.taskcast.kafka.schemas.topic.Topics;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Connection settings every role shares. Environment variables bind by Spring's relaxed rules
 * ({@code TASKCAST_REDIS_URL} → {@code taskcast.redis.url}); the launcher also maps
 * {@code TASKCAST_KAFKA_BOOTSTRAP_SERVERS}. A missing or malformed value stops start-up naming its key.
 */
@ConfigurationProperties("taskcast")
public record TaskcastProperties(@DefaultValue Kafka kafka, @DefaultValue Redis redis, @DefaultValue Postgres postgres) {

    public TaskcastProperties {
        require(kafka.bootstrapServers(), "taskcast.kafka.bootstrap-servers (TASKCAST_KAFKA_BOOTSTRAP_SERVERS)");
        require(redis.url(), "taskcast.redis.url (TASKCAST_REDIS_URL)");
    }

    private static void require(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " is required");
        }
    }

    /**
     * @param partitions partitions of each topic we create; bounds the processor's parallelism
     * @param replicationFactor replicas of each topic we create (1 for a single dev broker)
     * @param requestTimeout how long start-up waits for Kafka before reporting it unreachable
     */
    public record Kafka(String bootstrapServers,
                        @DefaultValue(Topics.DEFAULT_PREFIX) String topicPrefix,
                        @DefaultValue("3") int partitions,
                        @DefaultValue("1") short replicationFactor,
                        @DefaultValue("15s") Duration requestTimeout) {

        public Kafka {
            if (partitions < 1) {
                throw new IllegalArgumentException("taskcast.kafka.partitions must be at least 1, got " + partitions);
            }
            if (replicationFactor < 1) {
                throw new IllegalArgumentException(
                        "taskcast.kafka.replication-factor must be at least 1, got " + replicationFactor);
            }
        }

        public Topics topics() {
            return Topics.withPrefix(topicPrefix);
        }
    }

    /**
     * @param url {@code redis://[user:password@]host:port[/db]}
     * @param terminalRetention how long a task that reached a terminal status (with its events and
     *                          series states) stays in Redis, e.g. {@code 24h}; absent or zero = forever.
     *                          Once expired, reads will be served from Postgres (issue 6).
     */
    public record Redis(String url, Duration terminalRetention) {

        public Redis {
            if (terminalRetention != null && (terminalRetention.isNegative()
                    || (!terminalRetention.isZero() && terminalRetention.toMillis() == 0))) {
                throw new IllegalArgumentException(
                        "taskcast.redis.terminal-retention must be zero (forever) or at least 1ms, got " + terminalRetention);
            }
        }
    }

    /** @param url {@code postgres://user[:password]@host:port/database}; absent = no archive */
    public record Postgres(String url) {
    }
}
