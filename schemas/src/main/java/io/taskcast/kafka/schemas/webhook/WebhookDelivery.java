package io.taskcast.kafka.schemas.webhook;

import io.taskcast.kafka.schemas.TaskEvent;

import java.util.Objects;

/**
 * One event to send to one webhook: the value of {@code taskcast-webhook-deliveries} (written by the
 * processor in the same transaction as the event) and of {@code taskcast-webhook-retries}.
 *
 * @param deliveryId    the {@code webhook-id} header: stable across every attempt and re-send
 * @param webhookKey    which webhook: {@code t<i>} the task's i-th, {@code g<i>} the i-th configured one
 * @param filteredIndex the event's position among those that passed this webhook's filter (the
 *                      envelope's {@code filteredIndex} when the webhook wraps)
 * @param attempt       the attempt this record asks for, from 1
 * @param dueAt         when to make it (epoch ms); 0 = at once
 */
public record WebhookDelivery(String deliveryId, String taskId, String webhookKey, WebhookConfig webhook,
                              TaskEvent event, long filteredIndex, int attempt, long dueAt) {

    public WebhookDelivery {
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(webhook, "webhook");
        Objects.requireNonNull(event, "event");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1, got " + attempt);
        }
    }

    /** The first attempt of the event to the webhook. */
    public static WebhookDelivery first(String webhookKey, WebhookConfig webhook, TaskEvent event, long filteredIndex) {
        return new WebhookDelivery("msg_" + event.id() + "_" + webhookKey, event.taskId(), webhookKey, webhook, event,
                filteredIndex, 1, 0);
    }

    /** The next attempt, due at {@code dueAt}. */
    public WebhookDelivery retryAt(long dueAt) {
        return new WebhookDelivery(deliveryId, taskId, webhookKey, webhook, event, filteredIndex, attempt + 1, dueAt);
    }

    /** Sent again on an operator's request: a fresh round of attempts, same {@code webhook-id}. */
    public WebhookDelivery resent() {
        return new WebhookDelivery(deliveryId, taskId, webhookKey, webhook, event, filteredIndex, 1, 0);
    }
}
