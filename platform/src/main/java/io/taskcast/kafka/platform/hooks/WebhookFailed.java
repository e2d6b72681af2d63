package io.taskcast.kafka.platform.hooks;

/**
 * A webhook delivery given up and dead-lettered ({@code GET /webhooks/failed} lists it).
 *
 * @param url      the target without query string or user info (they often carry tokens)
 * @param attempts attempts made, including the last one
 * @param reason   why the last attempt failed, e.g. {@code HTTP 500} or the address refused
 */
public record WebhookFailed(String taskId, String deliveryId, String webhookKey, String url, String eventId,
                            String eventType, int attempts, Cause cause, String reason) {

    public enum Cause {
        /** The last attempt the webhook's retry policy allows failed. */
        ATTEMPTS_EXHAUSTED,
        /** The target's address is not allowed (loopback, private, …); nothing was sent. */
        TARGET_REFUSED
    }
}
