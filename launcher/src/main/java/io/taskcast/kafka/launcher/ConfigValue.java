package io.taskcast.kafka.launcher;

import io.taskcast.kafka.schemas.cleanup.CleanupRules;
import io.taskcast.kafka.schemas.json.Json;
import org.springframework.boot.convert.DurationStyle;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How one key of the configuration file is checked and turned into a Spring property. A value that
 * came from {@code ${VAR}} is a string, so numbers and booleans are also accepted as strings.
 */
@FunctionalInterface
interface ConfigValue {

    /** Checks {@code value} and puts what it sets into {@code out}; a bad value is a {@link StartupFailure}. */
    void write(Path file, String key, Object value, Map<String, Object> out);

    static ConfigValue text(String property) {
        return (file, key, value, out) -> {
            if (value instanceof Map || value instanceof List) {
                // No "got ..." here: the value may be a secret.
                throw new StartupFailure(file + ": " + key + " must be a single value, not a list or mapping");
            }
            out.put(property, String.valueOf(value));
        };
    }

    static ConfigValue integer(String property, long min, long max) {
        return (file, key, value, out) -> {
            long number;
            try {
                number = Long.parseLong(String.valueOf(value).trim());
            } catch (NumberFormatException e) {
                throw bad(file, key, "must be a whole number", value);
            }
            if (number < min || number > max) {
                throw bad(file, key, "must be from " + min + " to " + max, value);
            }
            out.put(property, number);
        };
    }

    static ConfigValue bool(String property) {
        return (file, key, value, out) -> {
            String s = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
            if (!s.equals("true") && !s.equals("false")) {
                throw bad(file, key, "must be true or false", value);
            }
            out.put(property, Boolean.parseBoolean(s));
        };
    }

    /** One of {@code choices}; a null property means the key is checked but sets nothing. */
    static ConfigValue choice(String property, String... choices) {
        return (file, key, value, out) -> {
            String s = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
            if (!Set.of(choices).contains(s)) {
                throw bad(file, key, "must be " + String.join(" or ", choices) + " (others are not supported here)",
                        value);
            }
            if (property != null) {
                out.put(property, s);
            }
        };
    }

    /** A duration such as {@code 500ms}, {@code 15s}, {@code 7d}; a bare number is milliseconds. */
    static ConfigValue duration(String property) {
        return (file, key, value, out) -> {
            Duration d = parseDuration(file, key, value);
            if (d.isNegative() || d.isZero()) {
                throw bad(file, key, "must be a positive duration such as 500ms, 15s or 7d", value);
            }
            out.put(property, d.toMillis() + "ms");
        };
    }

    /** Like {@link #duration}, or {@code -1} for "forever". */
    static ConfigValue retention(String property) {
        return (file, key, value, out) -> {
            Duration d = parseDuration(file, key, value);
            if ((d.isNegative() || d.isZero()) && d.toMillis() != -1) {
                throw bad(file, key, "must be a positive duration such as 7d, or -1 to keep forever", value);
            }
            out.put(property, d.toMillis() + "ms");
        };
    }

    /** A list (e.g. cleanup rules), passed on as the JSON the setting takes; cleanup rules are checked here. */
    static ConfigValue json(String property) {
        return (file, key, value, out) -> {
            if (!(value instanceof List)) {
                throw bad(file, key, "must be a list", value);
            }
            String json = Json.toString(value);
            try {
                CleanupRules.fromJson(json, key);
            } catch (IllegalArgumentException e) {
                throw new StartupFailure(file + ": " + e.getMessage());
            }
            out.put(property, json);
        };
    }

    /** A duration such as {@code 500ms} or {@code 2s}, or zero. */
    static ConfigValue durationOrZero(String property) {
        return (file, key, value, out) -> {
            Duration d = parseDuration(file, key, value);
            if (d.isNegative()) {
                throw bad(file, key, "must be a duration such as 0s, 500ms or 2s", value);
            }
            out.put(property, d.toMillis() + "ms");
        };
    }

    /** A list (e.g. webhooks), passed on as the JSON the setting takes; the setting checks its items. */
    static ConfigValue jsonList(String property) {
        return (file, key, value, out) -> {
            if (!(value instanceof List)) {
                throw bad(file, key, "must be a list", value);
            }
            out.put(property, Json.toString(value));
        };
    }

    /** A list of single values, or one value with commas. */
    static ConfigValue textList(String property) {
        return (file, key, value, out) -> {
            if (value instanceof Map) {
                throw new StartupFailure(file + ": " + key + " must be a list of values, not a mapping");
            }
            out.put(property, value instanceof List<?> values
                    ? String.join(",", values.stream().map(String::valueOf).toList()) : String.valueOf(value));
        };
    }

    /**
     * A list of mappings, each with the fields of {@code element} (a record) by their names, such as
     * Taskcast's {@code trustedServices}: a list of {name, key, scope, taskIds}.
     */
    static ConfigValue recordList(String property, Class<?> element) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (RecordComponent component : element.getRecordComponents()) {
            fields.put(component.getName(), SettingsCatalog.kebab(component.getName()));
        }
        String known = String.join(", ", fields.keySet());
        return (file, key, value, out) -> {
            if (!(value instanceof List<?> list)) {
                throw bad(file, key, "must be a list of {" + known + "}", value);
            }
            for (int i = 0; i < list.size(); i++) {
                String item = key + "[" + i + "]";
                if (!(list.get(i) instanceof Map<?, ?> mapping)) {
                    throw bad(file, item, "must be a mapping with " + known, list.get(i));
                }
                for (Map.Entry<?, ?> field : mapping.entrySet()) {
                    String name = fields.get(String.valueOf(field.getKey()));
                    if (name == null) {
                        throw new StartupFailure(file + ": unknown key '" + item + "." + field.getKey()
                                + "'; known keys: " + known);
                    }
                    Object v = field.getValue();
                    out.put(property + "[" + i + "]." + name, v instanceof List<?> values
                            ? String.join(",", values.stream().map(String::valueOf).toList()) : String.valueOf(v));
                }
            }
        };
    }

    /** How a setting of this kind is read when nothing more is known of it. */
    static ConfigValue of(SettingsCatalog.Setting setting) {
        String property = setting.property();
        return switch (setting.kind()) {
            case TEXT, SIZE, PATH -> text(property);
            case INTEGER -> integer(property, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case BOOLEAN -> bool(property);
            case DURATION -> duration(property);
            case TEXT_LIST -> textList(property);
            case RECORD_LIST -> recordList(property, setting.element());
        };
    }

    private static Duration parseDuration(Path file, String key, Object value) {
        try {
            return DurationStyle.detectAndParse(String.valueOf(value).trim());
        } catch (IllegalArgumentException e) {
            throw bad(file, key, "must be a duration such as 500ms, 15s or 7d", value);
        }
    }

    private static StartupFailure bad(Path file, String key, String problem, Object value) {
        return new StartupFailure(file + ": " + key + " " + problem + ", got '" + value + "'");
    }
}
