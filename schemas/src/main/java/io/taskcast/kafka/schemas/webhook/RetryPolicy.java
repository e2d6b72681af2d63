package io.taskcast.kafka.schemas.webhook;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How often and how patiently one webhook delivery is retried (api.md §7). A delivery makes
 * {@code 1 + retries} attempts; each attempt may take {@code timeoutMs}. The upper bounds keep a
 * task's own configuration from tying a worker up for days: at most {@value #MAX_RETRIES} retries,
 * delays up to one day, a timeout up to five minutes.
 */
public record RetryPolicy(int retries, Backoff backoff, long initialDelayMs, long maxDelayMs, long timeoutMs) {

    public static final int MAX_RETRIES = 20;
    public static final long MAX_DELAY_MS = Duration.ofDays(1).toMillis();
    public static final long MAX_TIMEOUT_MS = Duration.ofMinutes(5).toMillis();

    /** Taskcast's defaults; a task's partial {@code retry} object is merged over them. */
    public static final RetryPolicy DEFAULTS = new RetryPolicy(3, Backoff.EXPONENTIAL, 1000, 30_000, 5000);

    /** Messages name the bare field; {@link #fromJson} prefixes the path the value came from. */
    public RetryPolicy {
        check(retries >= 0 && retries <= MAX_RETRIES, "retries", "must be an integer from 0 to " + MAX_RETRIES);
        check(backoff != null, "backoff", "must be one of " + Backoff.expected());
        check(initialDelayMs >= 0 && initialDelayMs <= MAX_DELAY_MS, "initialDelayMs",
                "must be from 0 to " + MAX_DELAY_MS + " (milliseconds)");
        check(maxDelayMs >= 0 && maxDelayMs <= MAX_DELAY_MS, "maxDelayMs",
                "must be from 0 to " + MAX_DELAY_MS + " (milliseconds)");
        check(timeoutMs > 0 && timeoutMs <= MAX_TIMEOUT_MS, "timeoutMs",
                "must be from 1 to " + MAX_TIMEOUT_MS + " (milliseconds)");
    }

    /**
     * Reads a {@code retry} object at {@code path}, each present field replacing the one of
     * {@code base} (normally {@link #DEFAULTS} or the configured default policy). Null or absent
     * {@code node} yields {@code base}.
     *
     * @throws IllegalArgumentException naming the field, e.g. {@code webhooks[0].retry.retries must be …}
     */
    public static RetryPolicy fromJson(JsonNode node, RetryPolicy base, String path) {
        if (node == null || node.isNull()) {
            return base;
        }
        ConfigFields.requireObject(node, path);
        Long retries = ConfigFields.integer(node, "retries", path);
        Long initial = ConfigFields.integer(node, "initialDelayMs", path);
        Long max = ConfigFields.integer(node, "maxDelayMs", path);
        Long timeout = ConfigFields.integer(node, "timeoutMs", path);
        Backoff backoff = backoff(node, path);
        if (retries != null && (retries < 0 || retries > MAX_RETRIES)) {
            throw ConfigFields.problem(path + ".retries", "must be an integer from 0 to " + MAX_RETRIES);
        }
        try {
            return new RetryPolicy(retries == null ? base.retries : retries.intValue(),
                    backoff == null ? base.backoff : backoff,
                    initial == null ? base.initialDelayMs : initial,
                    max == null ? base.maxDelayMs : max,
                    timeout == null ? base.timeoutMs : timeout);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + "." + e.getMessage(), e);
        }
    }

    /**
     * The pause before retry {@code retry} (1 for the first retry, up to {@link #retries}): fixed =
     * initial, linear = initial·k, exponential = initial·2^(k−1), all capped at {@code maxDelayMs}.
     */
    public Duration delayBeforeRetry(int retry) {
        if (retry < 1 || retry > retries) {
            throw new IllegalArgumentException("retry must be from 1 to " + retries + ", got " + retry);
        }
        long factor = switch (backoff) {
            case FIXED -> 1;
            case LINEAR -> retry;
            // retry <= MAX_RETRIES keeps the shift far below 63 bits.
            case EXPONENTIAL -> 1L << (retry - 1);
        };
        return Duration.ofMillis(cappedProduct(initialDelayMs, factor, maxDelayMs));
    }

    public Duration timeout() {
        return Duration.ofMillis(timeoutMs);
    }

    /** The first attempt plus every retry. */
    public int attempts() {
        return retries + 1;
    }

    /** {@code min(a·b, cap)} without overflowing: a product larger than the cap is never computed. */
    private static long cappedProduct(long a, long b, long cap) {
        if (a == 0 || b <= cap / a) {
            return Math.min(a * b, cap);
        }
        return cap;
    }

    private static Backoff backoff(JsonNode node, String path) {
        JsonNode value = ConfigFields.present(node, "backoff");
        if (value == null) {
            return null;
        }
        return Optional.of(value).filter(JsonNode::isString).flatMap(v -> Backoff.fromWire(v.asString()))
                .orElseThrow(() -> ConfigFields.problem(path + ".backoff", "must be one of " + Backoff.expected()));
    }

    private static void check(boolean ok, String field, String message) {
        if (!ok) {
            throw new IllegalArgumentException(field + " " + message);
        }
    }

    /** How the pause grows from one retry to the next. */
    public enum Backoff {
        FIXED, LINEAR, EXPONENTIAL;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Backoff> fromWire(String value) {
            return Arrays.stream(values()).filter(b -> b.wireName().equals(value)).findFirst();
        }

        @JsonCreator
        static Backoff fromJson(String value) {
            return fromWire(value).orElseThrow(() -> new IllegalArgumentException(
                    "backoff must be one of " + expected() + ", got " + value));
        }

        static String expected() {
            return Arrays.stream(values()).map(Backoff::wireName).collect(Collectors.joining(", "));
        }
    }
}
