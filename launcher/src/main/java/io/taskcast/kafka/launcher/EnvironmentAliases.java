package io.taskcast.kafka.launcher;

import io.taskcast.kafka.schemas.json.Json;
import tools.jackson.core.JacksonException;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The {@code TASKCAST_*} environment variables and the settings they set: one for every setting of
 * {@link SettingsCatalog}, named after its property ({@code TASKCAST_GATEWAY_MAX_BUFFERED}), plus
 * Taskcast's own names ({@code TASKCAST_JWT_SECRET}, {@code TASKCAST_WEBHOOKS}) and the log format.
 * Spring's relaxed binding would read {@code TASKCAST_KAFKA_TOPIC_PREFIX} as
 * {@code taskcast.kafka.topic.prefix}, so every name is mapped here explicitly. A list of records
 * ({@code TASKCAST_AUTH_TRUSTED_SERVICES}) is given as a JSON array.
 */
final class EnvironmentAliases {

    /** Taskcast's names, and settings outside the properties records. */
    private static final Map<String, String> TASKCAST_NAMES = Map.ofEntries(
            Map.entry("TASKCAST_WEBHOOKS", "taskcast.webhooks.global"),
            Map.entry("TASKCAST_LOG_FORMAT", "taskcast.log.format"),
            Map.entry("TASKCAST_JWT_ALGORITHM", "taskcast.auth.jwt.algorithm"),
            Map.entry("TASKCAST_JWT_SECRET", "taskcast.auth.jwt.secret"),
            Map.entry("TASKCAST_JWT_PUBLIC_KEY", "taskcast.auth.jwt.public-key"),
            Map.entry("TASKCAST_JWT_PUBLIC_KEY_FILE", "taskcast.auth.jwt.public-key-file"),
            Map.entry("TASKCAST_JWT_ISSUER", "taskcast.auth.jwt.issuer"),
            Map.entry("TASKCAST_JWT_AUDIENCE", "taskcast.auth.jwt.audience"),
            Map.entry("SENTRY_DSN", "taskcast.sentry.dsn"));

    /** Every variable read, and the setting it sets. */
    static final Map<String, String> ALIASES = aliases();

    /** The variables of lists of records, given as JSON and written out item by item. */
    private static final Map<String, SettingsCatalog.Setting> RECORD_LISTS = SettingsCatalog.ALL.stream()
            .filter(setting -> setting.kind() == SettingsCatalog.Kind.RECORD_LIST)
            .collect(Collectors.toMap(SettingsCatalog.Setting::variable, setting -> setting));

    private EnvironmentAliases() {
    }

    private static Map<String, String> aliases() {
        Map<String, String> aliases = new TreeMap<>(TASKCAST_NAMES);
        SettingsCatalog.ALL.forEach(setting -> aliases.put(setting.variable(), setting.property()));
        return Map.copyOf(aliases);
    }

    /** The settings the given environment sets, by their property names. */
    static Map<String, Object> resolve(Map<String, String> environment) {
        Map<String, Object> properties = new LinkedHashMap<>();
        ALIASES.forEach((variable, property) -> {
            String value = environment.get(variable);
            if (value == null || value.isBlank()) {
                return;
            }
            SettingsCatalog.Setting records = RECORD_LISTS.get(variable);
            if (records == null) {
                properties.put(property, value);
            } else {
                ConfigValue.recordList(property, records.element()).write(Path.of(variable), variable,
                        list(variable, value), properties);
            }
        });
        return properties;
    }

    private static Object list(String variable, String json) {
        try {
            return Json.mapper().readValue(json, List.class);
        } catch (JacksonException e) {
            // Not the value itself: it may hold a secret.
            throw new StartupFailure(variable + " must be a JSON array: " + e.getOriginalMessage());
        }
    }
}
