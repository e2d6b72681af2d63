package io.taskcast.kafka.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;

/** How events of one series fold together (api.md §3). */
public enum SeriesMode {
    KEEP_ALL("keep-all"), ACCUMULATE("accumulate"), LATEST("latest");

    private final String wireName;

    SeriesMode(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public static Optional<SeriesMode> fromWire(String value) {
        return Arrays.stream(values()).filter(m -> m.wireName.equals(value)).findFirst();
    }

    @JsonCreator
    static SeriesMode fromJson(String value) {
        return fromWire(value).orElseThrow(() -> new IllegalArgumentException("unknown series mode: " + value));
    }
}
