package io.taskcast.kafka.launcher;

import io.taskcast.kafka.platform.auth.AuthProperties;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

import static io.taskcast.kafka.launcher.ConfigValue.bool;
import static io.taskcast.kafka.launcher.ConfigValue.durationOrZero;
import static io.taskcast.kafka.launcher.ConfigValue.jsonList;
import static io.taskcast.kafka.launcher.ConfigValue.choice;
import static io.taskcast.kafka.launcher.ConfigValue.integer;
import static io.taskcast.kafka.launcher.ConfigValue.json;
import static io.taskcast.kafka.launcher.ConfigValue.retention;
import static io.taskcast.kafka.launcher.ConfigValue.textList;
import static io.taskcast.kafka.launcher.ConfigValue.text;

/**
 * The keys of {@code taskcast.config.yaml} and the settings they set: one key for every setting of
 * {@link SettingsCatalog} (named after its property, e.g. {@code gateway.maxBuffered}), plus
 * Taskcast's own names for the settings it has too ({@code port}, {@code adapters.shortTermStore.url},
 * {@code storageLifecycle.*}, {@code webhook.*}, {@code trustedServices}). A Taskcast key whose
 * feature we lack stops start-up saying so, rather than being ignored while the operator believes it
 * is in force; so does any other unknown key.
 */
final class ConfigKeys {

    /** Taskcast's names for settings that have a key of their own here too. */
    private static final Map<String, ConfigValue> TASKCAST_KEYS = Map.ofEntries(
            Map.entry("port", integer("server.port", 1, 65_535)),
            Map.entry("adminApi", bool("taskcast.admin.api")),
            Map.entry("adminToken", text("taskcast.admin.token")),
            Map.entry("cors", cors()),
            Map.entry("trustedServices", ConfigValue.recordList("taskcast.auth.trusted-services",
                    AuthProperties.TrustedService.class)),
            Map.entry("adapters.shortTermStore.provider", choice(null, "redis")),
            Map.entry("adapters.shortTermStore.url", text("taskcast.redis.url")),
            Map.entry("adapters.longTermStore.provider", choice(null, "postgres")),
            Map.entry("adapters.longTermStore.url", text("taskcast.postgres.url")),
            Map.entry("storageLifecycle.hotRetentionEnabled", bool("taskcast.hot-retention.enabled")),
            Map.entry("storageLifecycle.hotRetentionTerminalSeconds",
                    integer("taskcast.hot-retention.terminal-seconds", 1, Integer.MAX_VALUE)),
            Map.entry("webhook.allowLoopbackTargets", bool("taskcast.webhooks.allow-loopback-targets")),
            Map.entry("webhook.allowPrivateTargets", bool("taskcast.webhooks.allow-private-targets")));

    /** Settings whose values are checked more closely than their type says. */
    private static final Map<String, ConfigValue> CHECKED = Map.ofEntries(
            Map.entry("taskcast.auth.mode", choice("taskcast.auth.mode", "none", "jwt")),
            Map.entry("taskcast.auth.jwt.clock-skew", durationOrZero("taskcast.auth.jwt.clock-skew")),
            Map.entry("taskcast.gateway.slow-client-grace", durationOrZero("taskcast.gateway.slow-client-grace")),
            Map.entry("taskcast.archiver.batch-wait", durationOrZero("taskcast.archiver.batch-wait")),
            Map.entry("taskcast.kafka.partitions", integer("taskcast.kafka.partitions", 1, 100_000)),
            Map.entry("taskcast.kafka.replication-factor",
                    integer("taskcast.kafka.replication-factor", 1, Short.MAX_VALUE)),
            Map.entry("taskcast.kafka.events-retention", retention("taskcast.kafka.events-retention")),
            Map.entry("taskcast.processor.threads", integer("taskcast.processor.threads", 1, 64)),
            Map.entry("taskcast.hot-retention.terminal-seconds",
                    integer("taskcast.hot-retention.terminal-seconds", 1, Integer.MAX_VALUE)),
            Map.entry("taskcast.cleanup.rules", json("taskcast.cleanup.rules")),
            Map.entry("taskcast.webhooks.global", jsonList("taskcast.webhooks.global")));

    static final Map<String, ConfigValue> KEYS = keys();

    /** Taskcast's keys for features this project does not have, with what to do instead. */
    static final Map<String, String> UNSUPPORTED = Map.ofEntries(
            Map.entry("logLevel", "is not supported yet; set logging.level.io.taskcast in application.properties"),
            Map.entry("adapters.broadcast", "does not apply: events are broadcast through Kafka;"
                    + " remove it and set kafka.bootstrapServers"),
            Map.entry("workers.defaults", "is not supported yet: heartbeats, offers and disconnect policies"
                    + " are not built (docs/workers.md says what is)"),
            Map.entry("webhook.defaultRetry", "is not supported: each webhook sets its own retry"
                    + " (default 3 retries, exponential, 1 s to 30 s, 5 s timeout)"),
            Map.entry("storageLifecycle.hotRetentionIdleSeconds", "is not supported"),
            Map.entry("storageLifecycle.rehydrateReplayEvents", "is not supported"),
            Map.entry("storageLifecycle.storageLockTtlSeconds", "is not needed: one processor owns each task"),
            Map.entry("storageLifecycle.ttlSweepIntervalSeconds", "is not needed: timeouts are Kafka Streams timers"),
            Map.entry("storageLifecycle.ttlSweepBatchSize", "is not needed: timeouts are Kafka Streams timers"));

    private ConfigKeys() {
    }

    /** Taskcast's {@code cors}: {@code true} (any origin), {@code false}, or {@code {origin: <origin> | [<origin>, ...]}}. */
    private static ConfigValue cors() {
        ConfigValue origins = textList("taskcast.cors.origin");
        return (file, key, value, out) -> {
            if (value instanceof Map<?, ?> section) {
                for (Map.Entry<?, ?> entry : section.entrySet()) {
                    if (!"origin".equals(entry.getKey())) {
                        throw new StartupFailure(file + ": unknown key '" + key + "." + entry.getKey()
                                + "'; known keys under " + key + ": origin");
                    }
                    origins.write(file, key + ".origin", entry.getValue(), out);
                }
            } else {
                Map<String, Object> enabled = new LinkedHashMap<>();
                bool("cors").write(file, key, value, enabled);
                if (Boolean.TRUE.equals(enabled.get("cors"))) {
                    out.put("taskcast.cors.origin", "*");
                }
            }
        };
    }

    private static Map<String, ConfigValue> keys() {
        Map<String, ConfigValue> keys = new LinkedHashMap<>();
        for (SettingsCatalog.Setting setting : SettingsCatalog.ALL) {
            keys.put(setting.fileKey(), CHECKED.getOrDefault(setting.property(), ConfigValue.of(setting)));
        }
        keys.putAll(TASKCAST_KEYS);
        return Map.copyOf(keys);
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
