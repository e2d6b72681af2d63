package io.taskcast.kafka.launcher;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

import static io.taskcast.kafka.launcher.ConfigValue.bool;
import static io.taskcast.kafka.launcher.ConfigValue.choice;
import static io.taskcast.kafka.launcher.ConfigValue.duration;
import static io.taskcast.kafka.launcher.ConfigValue.integer;
import static io.taskcast.kafka.launcher.ConfigValue.json;
import static io.taskcast.kafka.launcher.ConfigValue.retention;
import static io.taskcast.kafka.launcher.ConfigValue.text;

/**
 * The keys of {@code taskcast.config.yaml} and the settings they set: Taskcast's own keys where we
 * have the feature, plus this project's ({@code kafka}, {@code ingest}, {@code processor},
 * {@code gateway}). A Taskcast key whose feature we lack stops start-up saying so, rather than being
 * ignored while the operator believes it is in force; so does any other unknown key.
 */
final class ConfigKeys {

    static final Map<String, ConfigValue> KEYS = Map.ofEntries(
            Map.entry("port", integer("server.port", 1, 65_535)),
            Map.entry("auth.mode", choice("taskcast.auth.mode", "none", "jwt")),
            Map.entry("auth.jwt.algorithm", text("taskcast.auth.jwt.algorithm")),
            Map.entry("auth.jwt.secret", text("taskcast.auth.jwt.secret")),
            Map.entry("auth.jwt.publicKey", text("taskcast.auth.jwt.public-key")),
            Map.entry("auth.jwt.publicKeyFile", text("taskcast.auth.jwt.public-key-file")),
            Map.entry("auth.jwt.issuer", text("taskcast.auth.jwt.issuer")),
            Map.entry("auth.jwt.audience", text("taskcast.auth.jwt.audience")),
            Map.entry("trustedServices", ConfigValue.trustedServices("taskcast.auth.trusted-services")),
            Map.entry("adapters.shortTermStore.provider", choice(null, "redis")),
            Map.entry("adapters.shortTermStore.url", text("taskcast.redis.url")),
            Map.entry("adapters.longTermStore.provider", choice(null, "postgres")),
            Map.entry("adapters.longTermStore.url", text("taskcast.postgres.url")),
            Map.entry("cleanup.rules", json("taskcast.cleanup.rules")),
            Map.entry("storageLifecycle.hotRetentionEnabled", bool("taskcast.hot-retention.enabled")),
            Map.entry("storageLifecycle.hotRetentionTerminalSeconds",
                    integer("taskcast.hot-retention.terminal-seconds", 1, Integer.MAX_VALUE)),
            Map.entry("webhook.allowLoopbackTargets", bool("taskcast.webhooks.allow-loopback-targets")),
            Map.entry("webhook.allowPrivateTargets", bool("taskcast.webhooks.allow-private-targets")),
            Map.entry("kafka.bootstrapServers", text("taskcast.kafka.bootstrap-servers")),
            Map.entry("kafka.topicPrefix", text("taskcast.kafka.topic-prefix")),
            Map.entry("kafka.partitions", integer("taskcast.kafka.partitions", 1, 100_000)),
            Map.entry("kafka.replicationFactor", integer("taskcast.kafka.replication-factor", 1, Short.MAX_VALUE)),
            Map.entry("kafka.requestTimeout", duration("taskcast.kafka.request-timeout")),
            Map.entry("kafka.eventsRetention", retention("taskcast.kafka.events-retention")),
            Map.entry("ingest.replyTimeout", duration("taskcast.ingest.reply-timeout")),
            Map.entry("ingest.maxBodySize", text("taskcast.ingest.max-body-size")),
            Map.entry("ingest.sendTimeout", duration("taskcast.ingest.send-timeout")),
            Map.entry("processor.commitInterval", duration("taskcast.processor.commit-interval")),
            Map.entry("processor.threads", integer("taskcast.processor.threads", 1, 64)),
            Map.entry("processor.sessionTimeout", duration("taskcast.processor.session-timeout")),
            Map.entry("gateway.keepalive", duration("taskcast.gateway.keepalive")));

    /** Taskcast's keys for features this project does not have, with what to do instead. */
    static final Map<String, String> UNSUPPORTED = Map.ofEntries(
            Map.entry("logLevel", "is not supported yet; set logging.level.io.taskcast in application.properties"),
            Map.entry("adminToken", "is not supported: there is no admin API (POST /admin/token)"),
            Map.entry("adminApi", "is not supported: there is no admin API (POST /admin/token)"),
            Map.entry("adapters.broadcast", "does not apply: events are broadcast through Kafka;"
                    + " remove it and set kafka.bootstrapServers"),
            Map.entry("sentry", "is not supported: there is no Sentry integration"),
            Map.entry("workers", "is not supported: there is no worker assignment"),
            Map.entry("webhook.defaultRetry", "is not supported: each webhook sets its own retry"
                    + " (default 3 retries, exponential, 1 s to 30 s, 5 s timeout)"),
            Map.entry("storageLifecycle.hotRetentionIdleSeconds", "is not supported"),
            Map.entry("storageLifecycle.rehydrateReplayEvents", "is not supported"),
            Map.entry("storageLifecycle.storageLockTtlSeconds", "is not needed: one processor owns each task"),
            Map.entry("storageLifecycle.ttlSweepIntervalSeconds", "is not needed: timeouts are Kafka Streams timers"),
            Map.entry("storageLifecycle.ttlSweepBatchSize", "is not needed: timeouts are Kafka Streams timers"));

    private ConfigKeys() {
    }

    /** The settings the file's tree sets, by Spring property name. */
    static Map<String, Object> toProperties(Path file, Map<String, Object> tree) {
        Map<String, Object> properties = new LinkedHashMap<>();
        walk(file, "", tree, properties);
        return properties;
    }

    private static void walk(Path file, String prefix, Map<String, Object> section, Map<String, Object> out) {
        section.forEach((name, value) -> {
            String key = prefix + name;
            if (UNSUPPORTED.containsKey(key)) {
                throw new StartupFailure(file + ": " + key + " " + UNSUPPORTED.get(key));
            }
            ConfigValue known = KEYS.get(key);
            if (known != null) {
                if (value != null) {
                    known.write(file, key, value, out);
                }
            } else if (isSection(key) && value instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> child = (Map<String, Object>) map;
                walk(file, key + ".", child, out);
            } else if (isSection(key)) {
                throw new StartupFailure(file + ": " + key + " must be a mapping with keys " + known(key + "."));
            } else {
                String where = prefix.isEmpty() ? "" : " under " + prefix.substring(0, prefix.length() - 1);
                throw new StartupFailure(file + ": unknown key '" + key + "'; known keys" + where + ": " + known(prefix));
            }
        });
    }

    private static boolean isSection(String key) {
        return KEYS.keySet().stream().anyMatch(k -> k.startsWith(key + "."));
    }

    /** The known names directly under a section, for messages. */
    private static String known(String prefix) {
        TreeSet<String> names = new TreeSet<>();
        KEYS.keySet().stream().filter(k -> k.startsWith(prefix))
                .forEach(k -> names.add(k.substring(prefix.length()).split("\\.")[0]));
        return String.join(", ", names);
    }
}
