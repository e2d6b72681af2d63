package io.taskcast.kafka.schemas.cleanup;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a cleanup rule removes (api.md §10). {@code events}: the task's events that the rule's
 * event filter selects; the task stays. {@code task} and {@code all}: the task and everything under
 * it — an event cannot be read without its task, so none is kept behind (decision).
 */
public enum CleanupTarget {
    ALL, EVENTS, TASK;

    public boolean removesTask() {
        return this != EVENTS;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<CleanupTarget> fromWire(String value) {
        return Arrays.stream(values()).filter(t -> t.wireName().equals(value)).findFirst();
    }

    @JsonCreator
    static CleanupTarget fromJson(String value) {
        return fromWire(value).orElseThrow(() -> new IllegalArgumentException("unknown cleanup target: " + value));
    }
}
