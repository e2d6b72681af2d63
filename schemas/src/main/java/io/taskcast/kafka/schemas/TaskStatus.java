package io.taskcast.kafka.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The nine statuses of a task; the last four are terminal. */
public enum TaskStatus {
    PENDING, ASSIGNED, RUNNING, PAUSED, BLOCKED, COMPLETED, FAILED, TIMEOUT, CANCELLED;

    public boolean isTerminal() {
        return ordinal() >= COMPLETED.ordinal();
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the wire name; empty for anything else (the caller decides how to report it). */
    public static Optional<TaskStatus> fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(value)).findFirst();
    }

    @JsonCreator
    static TaskStatus fromJson(String value) {
        return fromWire(value).orElseThrow(() -> new IllegalArgumentException("unknown status: " + value));
    }
}
