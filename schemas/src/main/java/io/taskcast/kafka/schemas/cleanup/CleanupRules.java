package io.taskcast.kafka.schemas.cleanup;

import io.taskcast.kafka.schemas.Level;
import io.taskcast.kafka.schemas.SeriesMode;
import io.taskcast.kafka.schemas.TaskStatus;
import io.taskcast.kafka.schemas.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads cleanup rules from a task's {@code cleanup} object or from configuration, checking every
 * field; a problem names its path ({@code cleanup.rules[1].target must be one of all, events,
 * task}). Unknown fields are ignored, as Taskcast ignores them.
 */
public final class CleanupRules {

    private CleanupRules() {
    }

    /** The rules of a task's {@code cleanup} ({@code {rules:[…]}}); none for null. */
    public static List<CleanupRule> ofTask(JsonNode cleanup) {
        if (cleanup == null || cleanup.isNull() || cleanup.isMissingNode()) {
            return List.of();
        }
        if (!cleanup.isObject()) {
            throw problem("cleanup", "must be an object");
        }
        JsonNode rules = cleanup.get("rules");
        return rules == null || rules.isNull() ? List.of() : list(rules, "cleanup.rules");
    }

    /** The first problem of a task's {@code cleanup}, if any. */
    public static Optional<String> problemOfTask(JsonNode cleanup) {
        try {
            ofTask(cleanup);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Rules given as a JSON array in configuration; {@code key} names the setting in errors. */
    public static List<CleanupRule> fromJson(String json, String key) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            return list(Json.mapper().readTree(json), key);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(key + " must be a JSON array of cleanup rules: " + e.getOriginalMessage());
        }
    }

    private static List<CleanupRule> list(JsonNode rules, String path) {
        if (!rules.isArray()) {
            throw problem(path, "must be an array");
        }
        List<CleanupRule> parsed = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            parsed.add(rule(rules.get(i), path + "[" + i + "]"));
        }
        return List.copyOf(parsed);
    }

    private static CleanupRule rule(JsonNode rule, String path) {
        if (!rule.isObject()) {
            throw problem(path, "must be an object");
        }
        String name = optionalText(rule.get("name"), path + ".name");
        JsonNode target = rule.get("target");
        if (target == null || !target.isString() || CleanupTarget.fromWire(target.asString()).isEmpty()) {
            throw problem(path + ".target", "must be one of all, events, task");
        }
        JsonNode match = object(rule.get("match"), path + ".match");
        JsonNode trigger = object(rule.get("trigger"), path + ".trigger");
        JsonNode filter = object(rule.get("eventFilter"), path + ".eventFilter");
        return new CleanupRule(name,
                match == null ? null : new CleanupRule.Match(
                        strings(match.get("taskTypes"), path + ".match.taskTypes"),
                        enums(match.get("status"), path + ".match.status", CleanupRules::terminalStatus,
                                "terminal statuses (completed, failed, timeout, cancelled)")),
                trigger == null ? null : new CleanupRule.Trigger(millis(trigger.get("afterMs"), path + ".trigger.afterMs")),
                CleanupTarget.fromWire(target.asString()).orElseThrow(),
                filter == null ? null : new CleanupRule.Selector(
                        strings(filter.get("types"), path + ".eventFilter.types"),
                        enums(filter.get("levels"), path + ".eventFilter.levels", Level::fromWire,
                                "levels (debug, info, warn, error)"),
                        millis(filter.get("olderThanMs"), path + ".eventFilter.olderThanMs"),
                        enums(filter.get("seriesMode"), path + ".eventFilter.seriesMode", SeriesMode::fromWire,
                                "series modes (keep-all, accumulate, latest)")));
    }

    private static Optional<TaskStatus> terminalStatus(String value) {
        return TaskStatus.fromWire(value).filter(TaskStatus::isTerminal);
    }

    private static JsonNode object(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw problem(path, "must be an object");
        }
        return node;
    }

    private static String optionalText(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw problem(path, "must be a string");
        }
        return node.asString();
    }

    private static Long millis(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 0) {
            throw problem(path, "must be a non-negative integer (milliseconds)");
        }
        return node.asLong();
    }

    private static List<String> strings(JsonNode node, String path) {
        return enums(node, path, Optional::of, "strings");
    }

    private static <T> List<T> enums(JsonNode node, String path, Function<String, Optional<T>> parse, String what) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw problem(path, "must be an array of " + what);
        }
        List<T> values = new ArrayList<>();
        for (JsonNode element : node) {
            Optional<T> value = element.isString() ? parse.apply(element.asString()) : Optional.empty();
            values.add(value.orElseThrow(() -> problem(path, "must be an array of " + what)));
        }
        return values;
    }

    private static IllegalArgumentException problem(String path, String what) {
        return new IllegalArgumentException(path + " " + what);
    }
}
