package io.taskcast.kafka.launcher;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The documented {@code TASKCAST_*} environment variables and the settings they set. Spring's
 * relaxed binding would read {@code TASKCAST_KAFKA_TOPIC_PREFIX} as {@code taskcast.kafka.topic.prefix},
 * so multi-word settings are mapped here explicitly, once.
 */
final class EnvironmentAliases {

    static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("TASKCAST_KAFKA_TOPIC_PREFIX", "taskcast.kafka.topic-prefix"),
            Map.entry("TASKCAST_KAFKA_PARTITIONS", "taskcast.kafka.partitions"),
            Map.entry("TASKCAST_KAFKA_REPLICATION_FACTOR", "taskcast.kafka.replication-factor"),
            Map.entry("TASKCAST_KAFKA_REQUEST_TIMEOUT", "taskcast.kafka.request-timeout"),
            Map.entry("TASKCAST_KAFKA_EVENTS_RETENTION", "taskcast.kafka.events-retention"),
            Map.entry("TASKCAST_INGEST_REPLY_TIMEOUT", "taskcast.ingest.reply-timeout"),
            Map.entry("TASKCAST_INGEST_REPLY_PARTITION", "taskcast.ingest.reply-partition"),
            Map.entry("TASKCAST_INGEST_MAX_BODY_SIZE", "taskcast.ingest.max-body-size"),
            Map.entry("TASKCAST_INGEST_SEND_TIMEOUT", "taskcast.ingest.send-timeout"),
            Map.entry("TASKCAST_PROCESSOR_COMMIT_INTERVAL", "taskcast.processor.commit-interval"),
            Map.entry("TASKCAST_PROCESSOR_THREADS", "taskcast.processor.threads"),
            Map.entry("TASKCAST_PROCESSOR_SESSION_TIMEOUT", "taskcast.processor.session-timeout"),
            Map.entry("TASKCAST_HOT_RETENTION_ENABLED", "taskcast.hot-retention.enabled"),
            Map.entry("TASKCAST_HOT_RETENTION_TERMINAL_SECONDS", "taskcast.hot-retention.terminal-seconds"),
            Map.entry("TASKCAST_CLEANUP_RULES", "taskcast.cleanup.rules"),
            Map.entry("TASKCAST_WEBHOOKS", "taskcast.webhooks.global"),
            Map.entry("TASKCAST_WEBHOOKS_ALLOW_LOOPBACK_TARGETS", "taskcast.webhooks.allow-loopback-targets"),
            Map.entry("TASKCAST_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "taskcast.webhooks.allow-private-targets"),
            Map.entry("TASKCAST_WEBHOOK_WORKER_SESSION_TIMEOUT", "taskcast.webhook-worker.session-timeout"),
            Map.entry("TASKCAST_GATEWAY_KEEPALIVE", "taskcast.gateway.keepalive"),
            Map.entry("TASKCAST_GATEWAY_MAX_BUFFERED", "taskcast.gateway.max-buffered"),
            Map.entry("TASKCAST_GATEWAY_SLOW_CLIENT_GRACE", "taskcast.gateway.slow-client-grace"),
            Map.entry("TASKCAST_LOG_FORMAT", "taskcast.log.format"),
            Map.entry("TASKCAST_AUTH_MODE", "taskcast.auth.mode"),
            Map.entry("TASKCAST_JWT_ALGORITHM", "taskcast.auth.jwt.algorithm"),
            Map.entry("TASKCAST_JWT_SECRET", "taskcast.auth.jwt.secret"),
            Map.entry("TASKCAST_JWT_PUBLIC_KEY", "taskcast.auth.jwt.public-key"),
            Map.entry("TASKCAST_JWT_PUBLIC_KEY_FILE", "taskcast.auth.jwt.public-key-file"),
            Map.entry("TASKCAST_JWT_ISSUER", "taskcast.auth.jwt.issuer"),
            Map.entry("TASKCAST_JWT_AUDIENCE", "taskcast.auth.jwt.audience"));

    private EnvironmentAliases() {
    }

    /** The settings the given environment sets, by their property names. */
    static Map<String, Object> resolve(Map<String, String> environment) {
        Map<String, Object> properties = new LinkedHashMap<>();
        ALIASES.forEach((variable, property) -> {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                properties.put(property, value);
            }
        });
        return properties;
    }
}
