package io.taskcast.kafka.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * What a due timer does: {@code ttl} times the task out, {@code resume} wakes a blocked task,
 * {@code cleanup} applies the cleanup rules due at that time to a finished task.
 */
public enum TimerKind {
    TTL, RESUME, CLEANUP;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    static TimerKind fromJson(String value) {
        for (TimerKind kind : values()) {
            if (kind.wireName().equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown timer kind: " + value);
    }
}
