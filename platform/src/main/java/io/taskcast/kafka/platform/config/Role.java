package io.taskcast.kafka.platform.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The parts of the system one process can run; the launcher runs any set of them. */
public enum Role {
    PROCESSOR, INGEST, GATEWAY, WEBHOOKS;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromWire(String value) {
        return Arrays.stream(values()).filter(r -> r.wireName().equals(value.trim().toLowerCase(Locale.ROOT)))
                .findFirst();
    }
}
