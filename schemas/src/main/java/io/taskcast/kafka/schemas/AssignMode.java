package io.taskcast.kafka.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;

/** How a pending task finds a worker: by hand ({@code external}, the default), by long poll, or over a WebSocket
 * offered to one worker at a time or to all at once. */
public enum AssignMode {
    EXTERNAL("external"), PULL("pull"), WS_OFFER("ws-offer"), WS_RACE("ws-race");

    private final String wireName;

    AssignMode(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public static Optional<AssignMode> fromWire(String value) {
        return Arrays.stream(values()).filter(m -> m.wireName.equals(value)).findFirst();
    }

    /** The wire names, as an error message lists them. */
    public static String wireNames() {
        return String.join(", ", Arrays.stream(values()).map(AssignMode::wireName).toList());
    }

    @JsonCreator
    static AssignMode fromJson(String value) {
        return fromWire(value).orElseThrow(() -> new IllegalArgumentException("unknown assign mode: " + value));
    }
}
