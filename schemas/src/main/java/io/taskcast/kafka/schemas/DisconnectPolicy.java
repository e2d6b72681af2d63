package io.taskcast.kafka.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;

/** What becomes of a task whose worker goes silent: back to pending, only marked, or failed. */
public enum DisconnectPolicy {
    REASSIGN("reassign"), MARK("mark"), FAIL("fail");

    private final String wireName;

    DisconnectPolicy(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public static Optional<DisconnectPolicy> fromWire(String value) {
        return Arrays.stream(values()).filter(m -> m.wireName.equals(value)).findFirst();
    }

    /** The wire names, as an error message lists them. */
    public static String wireNames() {
        return String.join(", ", Arrays.stream(values()).map(DisconnectPolicy::wireName).toList());
    }

    @JsonCreator
    static DisconnectPolicy fromJson(String value) {
        return fromWire(value).orElseThrow(() -> new IllegalArgumentException("unknown disconnect policy: " + value));
    }
}
