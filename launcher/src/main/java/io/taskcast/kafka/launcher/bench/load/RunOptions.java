package io.taskcast.kafka.launcher.bench.load;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.Locale;

/** How long a load scenario warms up (not measured) and then measures. */
public final class RunOptions {

    @Option(names = "--warmup", defaultValue = "10s", converter = DurationConverter.class,
            description = "Unmeasured warm-up, e.g. 500ms, 10s, 2m (default: ${DEFAULT-VALUE}).")
    public Duration warmup;

    @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class,
            description = "Measured time, e.g. 30s, 5m (default: ${DEFAULT-VALUE}).")
    public Duration duration;

    /** {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, or ISO-8601 ({@code PT10S}). */
    public static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String text = value.trim().toLowerCase(Locale.ROOT);
            if (text.startsWith("p")) {
                return Duration.parse(value.trim());
            }
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            long amount = Long.parseLong(text.substring(0, text.length() - 1));
            switch (text.charAt(text.length() - 1)) {
                case 's':
                    return Duration.ofSeconds(amount);
                case 'm':
                    return Duration.ofMinutes(amount);
                case 'h':
                    return Duration.ofHours(amount);
                default:
                    throw new IllegalArgumentException("not a duration (use e.g. 500ms, 10s, 2m): " + value);
            }
        }
    }
}
