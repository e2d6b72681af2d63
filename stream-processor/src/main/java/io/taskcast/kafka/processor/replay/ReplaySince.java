package io.taskcast.kafka.processor.replay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses {@code --since}: an ISO-8601 instant ({@code 2025-01-31T12:00:00Z}) or an age ({@code 90s}, {@code 15m}, {@code 2h}, {@code 7d}). */
public final class ReplaySince {

    private static final Pattern AGE = Pattern.compile("(\\d+)([smhd])");

    private ReplaySince() {
    }

    public static Instant parse(String value, Clock clock) {
        Matcher age = AGE.matcher(value.trim());
        if (age.matches()) {
            long amount = Long.parseLong(age.group(1));
            Duration duration = switch (age.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
            return clock.instant().minus(duration);
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--since must be an ISO-8601 instant such as 2025-01-31T12:00:00Z"
                    + " or an age such as 15m, 2h, 7d; got '" + value + "'", e);
        }
    }
}
