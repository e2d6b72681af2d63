package io.taskcast.kafka.processor.replay;

import java.util.Locale;

/** Which views a replay rebuilds. */
public enum ReplayTarget {
    REDIS, POSTGRES, ALL;

    public boolean redis() {
        return this != POSTGRES;
    }

    public boolean postgres() {
        return this != REDIS;
    }

    /** Case-insensitive, for the command line. */
    public static ReplayTarget parse(String value) {
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--target must be redis, postgres or all, got '" + value + "'", e);
        }
    }
}
