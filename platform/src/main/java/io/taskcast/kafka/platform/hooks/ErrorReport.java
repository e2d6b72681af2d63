package io.taskcast.kafka.platform.hooks;

import java.util.Map;

/**
 * What an error tracker receives: the shape of a Sentry event, without the SDK. With Sentry's
 * client ({@code SentryAutoConfiguration}), {@code message} is the event's message, {@code level} its level, {@code tags} go to
 * {@code scope.setTag}, {@code extra} to {@code scope.setExtra}, and {@code error} to
 * {@code Sentry.captureException} (else {@code Sentry.captureMessage}).
 *
 * @param error null when nothing was thrown (a task that failed is data, not an exception here)
 */
public record ErrorReport(Level level, String message, Map<String, String> tags, Map<String, Object> extra,
                          Throwable error) {

    public enum Level { WARNING, ERROR }
}
