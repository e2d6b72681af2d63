package io.taskcast.kafka.webhook;

import java.time.Duration;

/**
 * What one webhook attempt came to. Only {@link Kind#DELIVERED} (any 2xx) is a success; whether
 * another kind is worth a retry is the caller's policy.
 *
 * @param statusCode the HTTP status when the receiver answered, else null
 * @param failure    why the attempt failed, for logs and dead letters; null on success
 * @param duration   wall-clock time of the attempt, including the address check
 */
public record DeliveryOutcome(Kind kind, Integer statusCode, String failure, Duration duration) {

    public enum Kind {
        /** The receiver answered 2xx. */
        DELIVERED,
        /** The receiver answered with a status that is neither 2xx nor 3xx. */
        HTTP_ERROR,
        /** The receiver answered 3xx; redirects are never followed (they could lead past {@link SsrfGuard}). */
        REDIRECT,
        /** No complete answer within the attempt's timeout. */
        TIMEOUT,
        /** The connection or the exchange failed (refused, reset, TLS). */
        CONNECTION_FAILED,
        /** {@link SsrfGuard} refused the target; nothing was sent. */
        REFUSED,
        /** The sending thread was interrupted; its interrupt flag is set again. */
        INTERRUPTED
    }

    public boolean success() {
        return kind == Kind.DELIVERED;
    }

    static DeliveryOutcome answered(int statusCode, String location, Duration duration) {
        if (statusCode >= 200 && statusCode < 300) {
            return new DeliveryOutcome(Kind.DELIVERED, statusCode, null, duration);
        }
        if (statusCode >= 300 && statusCode < 400) {
            String to = location == null ? "" : " to " + location;
            return new DeliveryOutcome(Kind.REDIRECT, statusCode,
                    "redirect not followed (HTTP " + statusCode + to + ")", duration);
        }
        return new DeliveryOutcome(Kind.HTTP_ERROR, statusCode, "HTTP " + statusCode, duration);
    }

    static DeliveryOutcome failed(Kind kind, String failure, Duration duration) {
        return new DeliveryOutcome(kind, null, failure, duration);
    }
}
