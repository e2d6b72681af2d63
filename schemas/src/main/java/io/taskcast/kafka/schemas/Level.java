package io.taskcast.kafka.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Severity of a task event. */
public enum Level {
    DEBUG, INFO, WARN, ERROR;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Level> fromWire(String value) {
        return Arrays.stream(values()).filter(l -> l.wireName().equals(value)).findFirst();
    }

    @JsonCreator
    static Level fromJson(String value) {
        return fromWire(value).orElseThrow(() -> new IllegalArgumentException("unknown level: " + value));
    }
}
